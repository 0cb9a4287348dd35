package io.github.energy4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "JUnit 5 extension" example, run; {@link #shouldMatchTheReadme()} fails when the README's code and
 * the code between the markers in {@link ReadmeFixtures} drift apart.
 */
class ReadmeExampleTest {

    @Test
    void shouldChargeTheFourPoolThreadsToTheTestAndKeepItUnderItsBudget() {
        Kit kit = Kit.run(ReadmeFixtures.CheckoutTest.class);
        kit.assertAllPassed(1);
        Map<String, String> e = kit.entry("shouldPriceACartOnFourThreads()");
        assertTrue(Kit.cpuTime(e).toMillis() >= 4 * 40 - 2, "four 40 ms prices on the pool: " + e);
        assertEquals("50.0", e.get(EnergyExtension.BUDGET_JOULES));
    }

    @Test
    void shouldMatchTheReadme() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## JUnit 5 extension"));
        int from = section.indexOf("```java\n@MeterEnergy");
        assertTrue(from >= 0, "the README's JUnit section starts its example with @MeterEnergy");
        String block = section.substring(from + "```java\n".length(), section.indexOf("```", from + 7));
        String source = Files.readString(Path.of("src/test/java/io/github/energy4j/junit/ReadmeFixtures.java"));
        String code = source.substring(source.indexOf("// --- README junit begins ---"),
                source.indexOf("// --- README junit ends ---"));
        StringBuilder expected = new StringBuilder();
        String[] lines = code.split("\n", -1);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                expected.append(lines[i].substring(Math.min(4, lines[i].length()))).append('\n');
            }
        }
        String readmeCode = block.replaceAll("(?m)^\\s*\\n", "");
        assertEquals(expected.toString().replace("static class", "class").strip(), readmeCode.strip());
    }
}
