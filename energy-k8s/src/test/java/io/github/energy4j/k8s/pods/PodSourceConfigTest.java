package io.github.energy4j.k8s.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.spi.SourceContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodSourceConfigTest {

    @TempDir
    Path tmp;

    private static SourceContext ctx(Map<String, String> config, Map<String, String> env) {
        return new SourceContext(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), config, env::get);
    }

    private static final Map<String, String> IN_CLUSTER = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
            "KUBERNETES_SERVICE_PORT", "443", "NODE_NAME", "node-a", "NODE_IP", "10.0.0.5");

    @Test
    void shouldReadNoPodsOutsideAClusterUnlessTold() {
        assertNull(PodSourceConfig.fromContext(ctx(Map.of(), Map.of())));
        assertNull(PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", "none"), IN_CLUSTER)));
    }

    @Test
    void shouldUseTheKubeletWithTlsVerificationOnByDefaultInACluster() {
        PodSourceConfig c = PodSourceConfig.fromContext(ctx(Map.of(), IN_CLUSTER));
        assertEquals(PodSourceConfig.Kind.KUBELET, c.kind());
        assertEquals(URI.create("https://10.0.0.5:10250/pods"), c.url());
        assertFalse(c.insecureSkipTlsVerify(), "certificates are verified unless asked otherwise");
        assertEquals("https", c.url().getScheme());
        assertEquals(Duration.ofSeconds(30), c.refreshInterval());
        assertEquals(Duration.ofSeconds(10), c.requestTimeout());
        assertEquals(Duration.ofSeconds(300), c.watchTimeout());
        assertEquals(Duration.ofSeconds(30), c.maxBackoff());
    }

    @Test
    void shouldBracketAnIpv6NodeAddressAndFallBackToTheNodeName() {
        Map<String, String> v6 = Map.of("KUBERNETES_SERVICE_HOST", "fd00::1", "NODE_IP", "fd00::5", "NODE_NAME", "n");
        assertEquals(URI.create("https://[fd00::5]:10250/pods"), PodSourceConfig.fromContext(ctx(Map.of(), v6)).url());
        Map<String, String> nameOnly = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "NODE_NAME", "node-a");
        assertEquals(URI.create("https://node-a:10250/pods"),
                PodSourceConfig.fromContext(ctx(Map.of(), nameOnly)).url());
    }

    @Test
    void shouldBuildTheApiServerUrlFromTheServiceEnvironment() {
        PodSourceConfig c = PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", "apiserver"), IN_CLUSTER));
        assertEquals(PodSourceConfig.Kind.APISERVER, c.kind());
        assertEquals(URI.create("https://10.96.0.1:443"), c.url());
        assertEquals("node-a", c.nodeName());
        assertFalse(c.insecureSkipTlsVerify());
        PodSourceConfig fromEnv = PodSourceConfig.fromContext(ctx(Map.of(),
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "NODE_NAME", "node-a",
                        "ENERGY4J_K8S_PODSOURCE", "apiserver")));
        assertEquals(URI.create("https://10.96.0.1:443"), fromEnv.url(), "port 443 when the service port is unset");
    }

    @Test
    void shouldUseTheGivenTokenAndCaFilesAndAcceptInsecureOnlyWhenSetToTrue() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "t");
        Path ca = Files.writeString(tmp.resolve("ca.crt"), "");
        PodSourceConfig c = PodSourceConfig.fromContext(ctx(Map.of("k8s.tokenFile", token.toString(),
                "k8s.caFile", ca.toString(), "k8s.insecureSkipTlsVerify", "TRUE"), IN_CLUSTER));
        assertEquals(token, c.tokenFile());
        assertEquals(ca, c.caFile());
        assertTrue(c.insecureSkipTlsVerify());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> PodSourceConfig
                .fromContext(ctx(Map.of("k8s.insecureSkipTlsVerify", "yes"), IN_CLUSTER)));
        assertTrue(typo.getMessage().contains("k8s.insecureSkipTlsVerify") && typo.getMessage().contains("true or false"),
                typo.getMessage());
    }

    @Test
    void shouldRefuseToSendTheTokenOverPlainHttpUnlessExplicitlyAllowed() throws Exception {
        Path token = Files.writeString(tmp.resolve("token"), "t");
        for (String key : new String[] {"k8s.kubeletUrl", "k8s.apiServerUrl"}) {
            String source = key.equals("k8s.kubeletUrl") ? "kubelet" : "apiserver";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PodSourceConfig
                    .fromContext(ctx(Map.of("k8s.podSource", source, "k8s.nodeName", "n", key, "http://10.0.0.5:10255/pods",
                            "k8s.tokenFile", token.toString()), IN_CLUSTER)));
            assertTrue(e.getMessage().contains(key) && e.getMessage().contains("cleartext")
                    && e.getMessage().contains("k8s.allowTokenOverHttp=true"), e.getMessage());
            PodSourceConfig allowed = PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", source, "k8s.nodeName",
                    "n", key, "http://10.0.0.5:10255/pods", "k8s.tokenFile", token.toString(),
                    "k8s.allowTokenOverHttp", "true"), IN_CLUSTER));
            assertEquals("http", allowed.url().getScheme());
            PodSourceConfig noToken = PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", source, "k8s.nodeName",
                    "n", key, "http://10.0.0.5:10255/pods", "k8s.tokenFile", "none"), IN_CLUSTER));
            assertEquals(null, noToken.tokenFile(), "no token, nothing to leak");
        }
    }

    @Test
    void shouldNameTheSettingAndTheAllowedValuesWhenOneIsWrong() {
        IllegalArgumentException source = assertThrows(IllegalArgumentException.class,
                () -> PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", "etcd"), IN_CLUSTER)));
        assertTrue(source.getMessage().contains("kubelet, apiserver, none"), source.getMessage());
        IllegalArgumentException node = assertThrows(IllegalArgumentException.class,
                () -> PodSourceConfig.fromContext(ctx(Map.of("k8s.podSource", "apiserver"),
                        Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"))));
        assertTrue(node.getMessage().contains("k8s.nodeName"), node.getMessage());
        IllegalArgumentException dur = assertThrows(IllegalArgumentException.class,
                () -> PodSourceConfig.fromContext(ctx(Map.of("k8s.refreshInterval", "soon"), IN_CLUSTER)));
        assertTrue(dur.getMessage().contains("k8s.refreshInterval"), dur.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> PodSourceConfig.fromContext(ctx(Map.of("k8s.maxBackoff", "0s"), IN_CLUSTER)));
        assertTrue(zero.getMessage().contains("k8s.maxBackoff"), zero.getMessage());
        IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
                () -> PodSourceConfig.fromContext(ctx(Map.of("k8s.kubeletUrl", "ftp://n/pods"), IN_CLUSTER)));
        assertTrue(scheme.getMessage().contains("http(s)"), scheme.getMessage());
    }

    @Test
    void shouldParseDurationsInEveryDocumentedForm() {
        SourceContext c = ctx(Map.of("a", "PT1M", "b", "250ms", "c", "5m", "d", "7"), Map.of());
        assertEquals(Duration.ofMinutes(1), PodSourceConfig.duration(c, "a", "1s"));
        assertEquals(Duration.ofMillis(250), PodSourceConfig.duration(c, "b", "1s"));
        assertEquals(Duration.ofMinutes(5), PodSourceConfig.duration(c, "c", "1s"));
        assertEquals(Duration.ofSeconds(7), PodSourceConfig.duration(c, "d", "1s"));
        assertEquals(Duration.ofSeconds(30), PodSourceConfig.duration(c, "absent", "30s"));
    }
}
