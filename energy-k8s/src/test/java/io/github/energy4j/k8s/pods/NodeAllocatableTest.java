package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NodeAllocatableTest {

    static byte[] fixture() throws IOException {
        try (InputStream in = NodeAllocatableTest.class.getResourceAsStream("/fixtures/apiserver/node.json")) {
            return in.readAllBytes();
        }
    }

    private static NodeAllocatable.Cpu parse(String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return NodeAllocatable.parse(b, b.length);
    }

    @Test
    void shouldReadAllocatableAndCapacityOfANodeObject() throws IOException {
        byte[] b = fixture();
        NodeAllocatable.Cpu cpu = NodeAllocatable.parse(b, b.length);
        assertEquals(7910, cpu.allocatableMillis()); // 90 m reserved for the kubelet and the system
        assertEquals(8000, cpu.capacityMillis());
    }

    @Test
    void shouldDefaultAllocatableToCapacityAsTheApiDocuments() throws IOException {
        NodeAllocatable.Cpu cpu = parse("{\"status\":{\"capacity\":{\"cpu\":\"2\",\"memory\":\"4Gi\"}}}");
        assertEquals(2000, cpu.allocatableMillis());
        assertEquals(2000, cpu.capacityMillis());
    }

    @Test
    void shouldRejectANodeWithoutCpuAndTextThatIsNotJson() {
        IOException none = assertThrows(IOException.class,
                () -> parse("{\"status\":{\"capacity\":{\"memory\":\"4Gi\"},\"allocatable\":{\"cpu\":\"lots\"}}}"));
        assertTrue(none.getMessage().contains("status.allocatable.cpu"), none.getMessage());
        assertThrows(IOException.class, () -> parse("[1,2]"));
        assertThrows(IOException.class, () -> parse("{\"status\": {"));
    }

    @Test
    void shouldRefuseAKubeletSourceWhichHasNoNodeObject() {
        PodSourceConfig kubelet = new PodSourceConfig(PodSourceConfig.Kind.KUBELET,
                java.net.URI.create("https://127.0.0.1:10250/pods"), "node-a", null, null, false,
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeAllocatable.fetch(kubelet));
        assertTrue(e.getMessage().contains("k8s.podSource=apiserver"));
    }
}
