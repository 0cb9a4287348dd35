package io.github.energy4j.agent.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.energy4j.internal.json.JsonTree;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeZonesTest {

    private static Object node(String label, String providerId) {
        return JsonTree.parse(SchedulerExtenderTest.node("n", label, providerId).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldTakeTheRegionFromEachCloudsProviderIdForm() {
        NodeZones z = new NodeZones(Map.of(), "");
        assertEquals("aws:us-east-1", z.of(node(null, "aws:///us-east-1a/i-0123456789abcdef0")).zone());
        assertEquals("gcp:europe-west1", z.of(node(null, "gce://my-project/europe-west1-b/gke-pool-1")).zone());
        assertEquals("alibaba:cn-hangzhou", z.of(node(null, "cn-hangzhou.i-bp1h4adlltjc1d48goaq")).zone());
        assertEquals("providerID", z.of(node(null, "cn-hangzhou.i-bp1h4adlltjc1d48goaq")).origin());
    }

    @Test
    void shouldPreferTheRegionLabelAndNeedItForAzure() {
        NodeZones z = new NodeZones(Map.of(), "");
        String azure = "azure:///subscriptions/1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm0";
        assertEquals("azure:westeurope", z.of(node("westeurope", azure)).zone());
        NodeZone none = z.of(node(null, azure));
        assertTrue(none.unknown());
        assertTrue(none.reason().contains("no region"), none.reason());
        assertEquals("aws:eu-west-1", z.of(node("eu-west-1", "aws:///us-east-1a/i-1")).zone());
    }

    @Test
    void shouldLetTheMapWinAndTheDefaultFillIn() {
        NodeZones z = new NodeZones(Map.of("n", "FR"), "DE");
        assertEquals("FR", z.of(node("eu-west-1", "aws:///eu-west-1a/i-1")).zone());
        NodeZones d = new NodeZones(Map.of(), "DE");
        NodeZone bare = d.of(node(null, "kind://docker/kind/kind-worker"));
        assertEquals("DE", bare.zone());
        assertEquals("default", bare.origin());
        assertTrue(bare.reason().contains("kind://docker"), bare.reason());
    }

    @Test
    void shouldNotMistakeOtherDottedProviderIdsForAlibaba() {
        assertEquals("", NodeZones.cloud("openstack:///a.i-b"));
        assertEquals("", NodeZones.cloud("Node.i-x"));
        assertEquals("", NodeZones.cloud("cn-hangzhou.vm-1"));
        assertEquals("", NodeZones.regionFromProviderId("aws", "aws:///i-0123"));
    }
}
