package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.energy4j.rapl.testing.FakePowercap;
import io.github.energy4j.testing.FakeProcfs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth of {@code serve}: salted slow hashes made by a real openssl, and a per-client back-off. */
class ServeAuthTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void tree() {
        FakeProcfs.create(tmp.resolve("proc")).process(300, "worker", 10, 0, 5);
        FakePowercap.create(tmp.resolve("sys")).pkg("0", "package-0", 1_000_000);
    }

    private ServeCommand.Running serve(Path users) throws Exception {
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--procfs", tmp.resolve("proc").toString(),
                "--sysfs", tmp.resolve("sys").toString(), "--node-name", "n1", "--basic-auth-file", users.toString()));
        return ServeCommand.start(args, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static int status(HttpClient c, String url, String user, String password) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The line README tells users to make, made by openssl itself (an independent PBKDF2). */
    private Path opensslUsers(String password) throws Exception {
        assumeTrue(Binaries.find("openssl").isPresent(), "needs openssl");
        String salt = "00112233445566778899aabbccddeeff";
        Process p = new ProcessBuilder("openssl", "kdf", "-keylen", "32", "-kdfopt", "digest:SHA256", "-kdfopt",
                "pass:" + password, "-kdfopt", "hexsalt:" + salt, "-kdfopt", "iter:20000", "PBKDF2")
                .redirectErrorStream(true).start();
        String hash = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assumeTrue(p.waitFor() == 0, "openssl kdf: " + hash);
        return Files.writeString(tmp.resolve("users"), "prom:pbkdf2-sha256:20000:" + salt + ":" + hash + "\n");
    }

    @Test
    void shouldAcceptAPbkdf2LineMadeByOpenssl() throws Exception {
        Path users = opensslUsers("s3cret-pw");
        try (ServeCommand.Running r = serve(users)) {
            HttpClient c = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + r.port() + "/metrics";
            assertEquals(200, status(c, url, "prom", "s3cret-pw"));
            assertEquals(200, status(c, url, "prom", "s3cret-pw"), "the second check is served from the cache");
            assertEquals(401, status(c, url, "prom", "s3cret-pX"));
            assertEquals(401, status(c, url, "nobody", "s3cret-pw"));
            assertEquals(401, status(c, url, null, null));
        }
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("s3cret-pw"));
    }

    @Test
    void shouldSlowDownAClientAfterRepeatedFailures() throws Exception {
        Path users = Files.writeString(tmp.resolve("users"), "prom:plain:right-one\n");
        try (ServeCommand.Running r = serve(users)) {
            HttpClient c = HttpClient.newHttpClient();
            String url = "http://127.0.0.1:" + r.port() + "/metrics";
            for (int i = 0; i < 5; i++) {
                assertEquals(401, status(c, url, "prom", "guess" + i), "free failure " + i);
            }
            assertEquals(401, status(c, url, "prom", "guess5"), "the sixth failure is checked, then the wait starts");
            // now even the right password waits: the attempt is not checked at all
            assertEquals(429, status(c, url, "prom", "right-one"));
            assertEquals(200, status(c, "http://127.0.0.1:" + r.port() + "/healthz", null, null), "probes unaffected");
            Thread.sleep(1100);
            assertEquals(200, status(c, url, "prom", "right-one"), "after the wait the right password works");
            assertEquals(401, status(c, url, "prom", "again"), "a success cleared the count: free again");
        }
    }
}
