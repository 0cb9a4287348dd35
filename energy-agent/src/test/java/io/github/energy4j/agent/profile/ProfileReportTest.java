package io.github.energy4j.agent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ProfileReportTest {

    private static final String JSON = "{\n"
            + "  \"format\": \"energy4j-profile/1\",\n"
            + "  \"statement\": \"energy estimated; sampling interval 10ms; samples 4; coverage 70.0% of 1.000 "
            + "CPU-seconds; CPU energy 10.000 J over 5.0 s; GPU energy not metered\",\n"
            + "  \"gpuJoules\": null,\n"
            + "  \"methods\": [\n"
            + "    {\"method\": \"app.Parser.parse\", \"selfJoules\": 4.000000, \"totalJoules\": 5.000000, "
            + "\"share\": 0.400000, \"samples\": 2},\n"
            + "    {\"method\": \"[jvm:gc+jit+vm-threads]\", \"selfJoules\": 2.000400, \"totalJoules\": 2.000400, "
            + "\"share\": 0.200040, \"samples\": 0},\n"
            + "    {\"method\": \"app.Encoder.\\u003cinit\\u003e\", \"selfJoules\": 2.000000, \"totalJoules\": 2.000000, "
            + "\"share\": 0.200000, \"samples\": 1}\n"
            + "  ]\n"
            + "}\n";

    @Test
    void shouldPrintTheStatementAndTheTopMethodsAsATable() throws IOException {
        assertEquals("energy estimated; sampling interval 10ms; samples 4; coverage 70.0% of 1.000 CPU-seconds; "
                + "CPU energy 10.000 J over 5.0 s; GPU energy not metered\n"
                + "    self J    total J   share  method\n"
                + "     4.000      5.000   40.0%  app.Parser.parse\n"
                + "     2.000      2.000   20.0%  [jvm:gc+jit+vm-threads]\n", ProfileReport.format(JSON, 2));
    }

    @Test
    void shouldRefuseJsonThatIsNotAProfile() {
        assertThrows(IOException.class, () -> ProfileReport.format("[1, 2]", 5));
        assertThrows(IOException.class, () -> ProfileReport.format("{\"methods\": []}", 5));
    }
}
