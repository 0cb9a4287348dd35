package io.github.energy4j.k8s.pods;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The node's CPU as the scheduler sees it, from the Node object of the API server ({@code GET /api/v1/nodes/NAME}).
 *
 * <p>In {@code k8s.io/api/core/v1} {@code NodeStatus}, {@code capacity} is "the total resources of a node" and
 * {@code allocatable} "the resources of a node that are available for scheduling. Defaults to Capacity." The
 * kubelet computes allocatable as capacity minus {@code kube-reserved}, {@code system-reserved} and the hard
 * eviction thresholds (Kubernetes design proposal "Node Allocatable Resources"), so pods' CPU requests shared
 * against allocatable leave the reserved CPU to the system. Both are resource lists of quantities:
 * {@code "status": {"capacity": {"cpu": "4", ...}, "allocatable": {"cpu": "3800m", ...}}}.
 *
 * <p>The kubelet's {@code /pods} endpoint lists pods only: with {@code k8s.podSource=kubelet} there is no Node
 * object to read, and callers fall back to the logical CPU count. Cold path.
 */
public final class NodeAllocatable {

    private static final JsonFactory JSON = new JsonFactory();

    /** A Node object is a few kB; images lists make big ones tens of kB. */
    static final int MAX_NODE_BYTES = 4 * 1024 * 1024;

    /**
     * CPU of the node in millicores.
     *
     * @param allocatableMillis {@code status.allocatable.cpu}; equal to capacity when the object has no allocatable
     *                          (its documented default)
     * @param capacityMillis    {@code status.capacity.cpu}
     */
    public record Cpu(long allocatableMillis, long capacityMillis) {
    }

    private NodeAllocatable() {
    }

    /**
     * Parses a Node object held in {@code buf[0..len)}.
     *
     * @throws IOException when the text is not JSON, or neither {@code status.allocatable.cpu} nor
     *                     {@code status.capacity.cpu} is a CPU quantity
     */
    public static Cpu parse(byte[] buf, int len) throws IOException {
        long allocatable = -1;
        long capacity = -1;
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a Node object must be a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!field.equals("status") || t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if ((f.equals("allocatable") || f.equals("capacity")) && v == JsonToken.START_OBJECT) {
                        long cpu = cpuOf(p);
                        if (f.equals("allocatable")) {
                            allocatable = cpu;
                        } else {
                            capacity = cpu;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not a Node object: " + e.getOriginalMessage(), e);
        }
        if (allocatable < 0 && capacity < 0) {
            throw new IOException("the Node object has neither status.allocatable.cpu nor status.capacity.cpu");
        }
        return new Cpu(allocatable >= 0 ? allocatable : capacity, capacity >= 0 ? capacity : allocatable);
    }

    /** The {@code cpu} entry of a resource list, -1 when absent or not a quantity; leaves the parser past it. */
    private static long cpuOf(JsonParser p) throws IOException {
        long cpu = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals("cpu") && v == JsonToken.VALUE_STRING) {
                cpu = CpuQuantity.parseMillis(p.getText());
            } else if (k.equals("cpu") && v.isNumeric()) {
                cpu = CpuQuantity.parseMillis(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return cpu;
    }

    /**
     * Reads this node's object from the API server of {@code config} with its token and trust settings.
     *
     * @throws IllegalArgumentException when {@code config} is not an API-server source (the kubelet has no Node)
     * @throws IOException              with what to do, when the request fails or the answer is not a Node
     */
    public static Cpu fetch(PodSourceConfig config) throws IOException, InterruptedException {
        if (config.kind() != PodSourceConfig.Kind.APISERVER) {
            throw new IllegalArgumentException("the node's allocatable CPU needs k8s.podSource=apiserver");
        }
        String base = config.url().toString();
        URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/nodes/"
                + URLEncoder.encode(config.nodeName(), StandardCharsets.UTF_8));
        KubeHttp http = new KubeHttp(config.tokenFile(), config.caFile(), config.insecureSkipTlsVerify(),
                config.requestTimeout());
        HttpResponse<byte[]> r = http.getBounded(uri, MAX_NODE_BYTES, "node object from " + uri);
        if (r.statusCode() == 403) {
            throw new IOException("HTTP 403 from " + uri + ": the ServiceAccount may not get nodes; apply"
                    + " deploy/kubernetes/rbac.yaml (nodes get)");
        }
        if (r.statusCode() != 200) {
            throw new IOException(KubeHttp.httpError(r.statusCode(), uri, config.tokenFile()));
        }
        try {
            return parse(r.body(), r.body().length);
        } catch (IOException e) {
            throw new IOException("malformed node object from " + uri + ": " + e.getMessage(), e);
        }
    }
}
