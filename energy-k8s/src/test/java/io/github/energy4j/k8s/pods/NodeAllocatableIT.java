package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Node object read over HTTPS from a loopback API server with a bearer token and a CA bundle. */
class NodeAllocatableIT {

    @TempDir
    static Path tmp;
    static LoopbackKubeServer server;
    static Path tokenFile;

    @BeforeAll
    static void startServer() throws Exception {
        server = new LoopbackKubeServer(tmp);
        tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "node-reader-token\n");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static PodSourceConfig apiserver(String node) {
        return new PodSourceConfig(PodSourceConfig.Kind.APISERVER, server.uri(""), node, tokenFile, server.caPem,
                false, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(100));
    }

    @Test
    void shouldGetThisNodesObjectWithTheToken() throws Exception {
        String node = new String(NodeAllocatableTest.fixture(), StandardCharsets.UTF_8);
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, pq.equals("/api/v1/nodes/node-a") ? 200 : 404,
                pq.equals("/api/v1/nodes/node-a") ? node : "{}");
        NodeAllocatable.Cpu cpu = NodeAllocatable.fetch(apiserver("node-a"));
        assertEquals(7910, cpu.allocatableMillis());
        assertEquals("Bearer node-reader-token", server.authHeaders.get(server.authHeaders.size() - 1));
    }

    @Test
    void shouldSayWhatToDoWhenNodesMayNotBeRead() {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 403,
                "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}");
        IOException e = assertThrows(IOException.class, () -> NodeAllocatable.fetch(apiserver("node-b")));
        assertTrue(e.getMessage().contains("deploy/kubernetes/rbac.yaml"), e.getMessage());
    }

    @Test
    void shouldRejectAnAnswerThatIsNotANode() {
        server.script = (ex, pq) -> LoopbackKubeServer.respond(ex, 200, "<html>proxy</html>");
        IOException e = assertThrows(IOException.class, () -> NodeAllocatable.fetch(apiserver("node-a")));
        assertTrue(e.getMessage().startsWith("malformed node object from https://localhost:"), e.getMessage());
    }
}
