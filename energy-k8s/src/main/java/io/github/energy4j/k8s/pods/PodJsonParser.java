package io.github.energy4j.k8s.pods;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streaming parser for the pod JSON of the kubelet {@code /pods} endpoint and of the API server's pod list and
 * watch events. Reads only the fields attribution needs and skips everything else without building a tree.
 *
 * <p>Thread-safe (stateless).
 */
public final class PodJsonParser {

    private static final JsonFactory JSON = new JsonFactory();

    private PodJsonParser() {
    }

    /** A {@code PodList}: the list's resourceVersion (empty from the kubelet) and its pods. */
    public record PodList(String resourceVersion, List<PodInfo> pods) {
        public PodList {
            pods = List.copyOf(pods);
        }
    }

    /**
     * One watch event.
     *
     * @param type      {@code ADDED}, {@code MODIFIED}, {@code DELETED}, {@code BOOKMARK} or {@code ERROR}
     * @param pod       the pod (for BOOKMARK only its resourceVersion is set); null for ERROR
     * @param errorCode the HTTP-like code of an ERROR event's Status (410 when the resourceVersion is too old)
     * @param message   the Status message of an ERROR event, or empty
     */
    public record WatchEvent(String type, PodInfo pod, int errorCode, String message) {
    }

    /** Parses a {@code PodList} document. */
    public static PodList parseList(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            return parseList(p);
        }
    }

    /** Parses a {@code PodList} document held in {@code buf[0..len)}. */
    public static PodList parseList(byte[] buf, int len) throws IOException {
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            return parseList(p);
        }
    }

    private static PodList parseList(JsonParser p) throws IOException {
        expect(p, p.nextToken(), JsonToken.START_OBJECT);
        String rv = "";
        List<PodInfo> pods = new ArrayList<>();
        boolean sawItems = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    if (f.equals("resourceVersion")) {
                        rv = p.getValueAsString("");
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (field.equals("items") && t == JsonToken.START_ARRAY) {
                sawItems = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    pods.add(parseObject(p).pod());
                }
            } else if (field.equals("items") && t == JsonToken.VALUE_NULL) {
                sawItems = true;
            } else {
                p.skipChildren();
            }
        }
        if (!sawItems) {
            throw new JsonParseException(p, "not a PodList: no \"items\" array");
        }
        return new PodList(rv, pods);
    }

    /** Parses one line of a watch stream ({@code {"type":"ADDED","object":{...}}}). */
    public static WatchEvent parseEvent(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT);
            String type = null;
            Parsed obj = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("type")) {
                    type = p.getValueAsString();
                } else if (field.equals("object") && t == JsonToken.START_OBJECT) {
                    obj = parseObject(p);
                } else {
                    p.skipChildren();
                }
            }
            if (type == null || obj == null) {
                throw new JsonParseException(p, "not a watch event: needs \"type\" and \"object\"");
            }
            if (type.equals("ERROR")) {
                return new WatchEvent(type, null, obj.code, obj.message);
            }
            return new WatchEvent(type, obj.pod(), 0, "");
        }
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws JsonParseException {
        if (actual != expected) {
            throw new JsonParseException(p, "expected " + expected + " but found " + actual);
        }
    }

    /** A pod or, in ERROR events, a Status object (code, message). */
    private record Parsed(PodInfo pod, int code, String message) {
    }

    private record SpecContainer(String name, long cpuMillis, boolean restartAlways) {
    }

    private static Parsed parseObject(JsonParser p) throws IOException {
        String uid = "";
        String ns = "";
        String name = "";
        String node = "";
        String rv = "";
        String phase = "";
        int code = 0;
        String message = "";
        List<SpecContainer> regular = new ArrayList<>();
        List<SpecContainer> init = new ArrayList<>();
        List<SpecContainer> ephemeral = new ArrayList<>();
        Map<String, String> regularIds = new HashMap<>();
        Map<String, String> initIds = new HashMap<>();
        Map<String, String> ephemeralIds = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metadata") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    p.nextToken();
                    switch (f) {
                        case "uid" -> uid = p.getValueAsString("");
                        case "namespace" -> ns = p.getValueAsString("");
                        case "name" -> name = p.getValueAsString("");
                        case "resourceVersion" -> rv = p.getValueAsString("");
                        default -> p.skipChildren();
                    }
                }
            } else if (field.equals("spec") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("nodeName")) {
                        node = p.getValueAsString("");
                    } else if (v == JsonToken.START_ARRAY && f.equals("containers")) {
                        specContainers(p, regular);
                    } else if (v == JsonToken.START_ARRAY && f.equals("initContainers")) {
                        specContainers(p, init);
                    } else if (v == JsonToken.START_ARRAY && f.equals("ephemeralContainers")) {
                        specContainers(p, ephemeral);
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (field.equals("status") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("phase") && v == JsonToken.VALUE_STRING) {
                        phase = p.getText();
                    } else if (v == JsonToken.START_ARRAY && f.equals("containerStatuses")) {
                        statuses(p, regularIds);
                    } else if (v == JsonToken.START_ARRAY && f.equals("initContainerStatuses")) {
                        statuses(p, initIds);
                    } else if (v == JsonToken.START_ARRAY && f.equals("ephemeralContainerStatuses")) {
                        statuses(p, ephemeralIds);
                    } else {
                        p.skipChildren();
                    }
                }
            } else if (field.equals("code") && t == JsonToken.VALUE_NUMBER_INT) {
                code = p.getIntValue();
            } else if (field.equals("message")) {
                message = p.getValueAsString("");
            } else {
                p.skipChildren();
            }
        }
        List<ContainerInfo> containers = new ArrayList<>();
        long sum = 0;
        for (SpecContainer c : regular) {
            containers.add(info(c, ContainerInfo.Type.CONTAINER, regularIds));
            sum += c.cpuMillis;
        }
        // Init containers run one at a time, each beside the sidecars (restartPolicy: Always) started before it;
        // sidecars keep running beside the regular containers.
        long sidecars = 0;
        long maxInit = 0;
        for (SpecContainer c : init) {
            containers.add(info(c, ContainerInfo.Type.INIT, initIds));
            if (c.restartAlways) {
                sidecars += c.cpuMillis;
            } else {
                maxInit = Math.max(maxInit, sidecars + c.cpuMillis);
            }
        }
        sum += sidecars;
        for (SpecContainer c : ephemeral) {
            containers.add(info(c, ContainerInfo.Type.EPHEMERAL, ephemeralIds));
        }
        PodInfo pod = new PodInfo(uid, ns, name, node, rv, Math.max(sum, maxInit), containers, phase);
        return new Parsed(pod, code, message);
    }

    private static ContainerInfo info(SpecContainer c, ContainerInfo.Type type, Map<String, String> ids) {
        String full = ids.getOrDefault(c.name, "");
        int sep = full.indexOf("://");
        String runtime = sep < 0 ? "" : normaliseRuntime(full.substring(0, sep));
        String id = sep < 0 ? full : full.substring(sep + 3);
        return new ContainerInfo(id, runtime, c.name, type, c.cpuMillis);
    }

    private static String normaliseRuntime(String scheme) {
        return scheme.equals("cri-o") ? "crio" : scheme;
    }

    private static void specContainers(JsonParser p, List<SpecContainer> out) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = "";
            long cpu = 0;
            boolean always = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("name")) {
                    name = p.getValueAsString("");
                } else if (f.equals("restartPolicy")) {
                    always = "Always".equals(p.getValueAsString());
                } else if (f.equals("resources") && v == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String r = p.currentName();
                        JsonToken rv = p.nextToken();
                        if (r.equals("requests") && rv == JsonToken.START_OBJECT) {
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String k = p.currentName();
                                p.nextToken();
                                if (k.equals("cpu")) {
                                    cpu = Math.max(0, CpuQuantity.parseMillis(p.getValueAsString()));
                                } else {
                                    p.skipChildren();
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            out.add(new SpecContainer(name, cpu, always));
        }
    }

    private static void statuses(JsonParser p, Map<String, String> out) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String name = "";
            String id = "";
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                if (f.equals("name")) {
                    name = p.getValueAsString("");
                } else if (f.equals("containerID")) {
                    id = p.getValueAsString("");
                } else {
                    p.skipChildren();
                }
            }
            if (!name.isEmpty() && !id.isEmpty()) {
                out.put(name, id);
            }
        }
    }
}
