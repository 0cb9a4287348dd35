package io.github.energy4j.k8s.pods;

import io.github.energy4j.http.Cleartext;
import io.github.energy4j.spi.SourceContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where pod metadata comes from and how to reach it.
 *
 * @param kind                  kubelet {@code /pods} or API server list + watch
 * @param url                   kubelet: the full {@code /pods} URL; API server: the base URL
 * @param nodeName              this node's name (required for the API server's field selector)
 * @param tokenFile             bearer token file, re-read on every request; null for none
 * @param caFile                PEM CA bundle to trust; null for the JDK's default trust store
 * @param insecureSkipTlsVerify accept any server certificate (kubelets with self-signed serving certificates)
 * @param refreshInterval       kubelet poll interval
 * @param requestTimeout        connect and whole-response timeout of list requests
 * @param watchTimeout          server-side {@code timeoutSeconds} of a watch; the watch is then resumed
 * @param maxBackoff            longest wait between retries after errors
 */
public record PodSourceConfig(Kind kind, URI url, String nodeName, Path tokenFile, Path caFile,
                              boolean insecureSkipTlsVerify, Duration refreshInterval, Duration requestTimeout,
                              Duration watchTimeout, Duration maxBackoff) {

    /** Default in-cluster ServiceAccount token. */
    public static final String SA_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
    /** Default in-cluster CA bundle. */
    public static final String SA_CA = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";

    /** The pod source. */
    public enum Kind {
        KUBELET, APISERVER
    }

    public PodSourceConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(nodeName, "nodeName");
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("k8s pod source URL must be http(s), got: " + url);
        }
        if (kind == Kind.APISERVER && nodeName.isBlank()) {
            throw new IllegalArgumentException(
                    "k8s.nodeName is required for k8s.podSource=apiserver; set it or the NODE_NAME environment"
                            + " variable (downward API: spec.nodeName)");
        }
        requirePositive(refreshInterval, "k8s.refreshInterval");
        requirePositive(requestTimeout, "k8s.requestTimeout");
        requirePositive(watchTimeout, "k8s.watchTimeout");
        requirePositive(maxBackoff, "k8s.maxBackoff");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration (e.g. PT30S or 30s), got: " + d);
        }
    }

    /**
     * Reads {@code k8s.*} settings, with in-cluster defaults.
     *
     * <table>
     * <caption>Settings</caption>
     * <tr><th>key</th><th>default</th></tr>
     * <tr><td>k8s.podSource</td><td>env ENERGY4J_K8S_PODSOURCE, else {@code kubelet} in a cluster, else
     * {@code none}; or {@code apiserver}</td></tr>
     * <tr><td>k8s.nodeName</td><td>env NODE_NAME</td></tr>
     * <tr><td>k8s.kubeletUrl</td><td>https://$NODE_IP (or node name):10250/pods</td></tr>
     * <tr><td>k8s.apiServerUrl</td><td>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</td></tr>
     * <tr><td>k8s.tokenFile / k8s.caFile</td><td>the mounted ServiceAccount token and CA</td></tr>
     * <tr><td>k8s.insecureSkipTlsVerify</td><td>false</td></tr>
     * <tr><td>k8s.refreshInterval, k8s.requestTimeout, k8s.watchTimeout, k8s.maxBackoff</td>
     * <td>30s, 10s, 300s, 30s</td></tr>
     * </table>
     *
     * @return null when {@code k8s.podSource=none} (or not in a cluster and not set)
     * @throws IllegalArgumentException naming the setting and the allowed values when one is wrong
     */
    public static PodSourceConfig fromContext(SourceContext ctx) {
        String inClusterHost = ctx.env("KUBERNETES_SERVICE_HOST");
        String envSource = orEmpty(ctx.env("ENERGY4J_K8S_PODSOURCE"));
        String source = ctx.get("k8s.podSource", !envSource.isEmpty() ? envSource
                : inClusterHost == null || inClusterHost.isBlank() ? "none" : "kubelet");
        String node = ctx.get("k8s.nodeName", orEmpty(ctx.env("NODE_NAME")));
        Path token = optionalFile(ctx.get("k8s.tokenFile", SA_TOKEN));
        Path ca = optionalFile(ctx.get("k8s.caFile", SA_CA));
        boolean insecure = strictBoolean(ctx, "k8s.insecureSkipTlsVerify");
        Duration refresh = duration(ctx, "k8s.refreshInterval", "30s");
        Duration timeout = duration(ctx, "k8s.requestTimeout", "10s");
        Duration watch = duration(ctx, "k8s.watchTimeout", "300s");
        Duration backoff = duration(ctx, "k8s.maxBackoff", "30s");
        switch (source) {
            case "none":
                return null;
            case "kubelet": {
                String host = orEmpty(ctx.env("NODE_IP"));
                if (host.isBlank()) {
                    host = node;
                }
                String url = ctx.get("k8s.kubeletUrl", host.isBlank() ? "" : "https://" + bracket(host) + ":10250/pods");
                if (url.isBlank()) {
                    throw new IllegalArgumentException("k8s.kubeletUrl is not set and neither NODE_IP nor NODE_NAME is;"
                            + " set k8s.kubeletUrl (e.g. https://10.0.0.5:10250/pods) or expose NODE_IP via the"
                            + " downward API (status.hostIP)");
                }
                return new PodSourceConfig(Kind.KUBELET, tokenSafe(ctx, uri(url, "k8s.kubeletUrl"), "k8s.kubeletUrl",
                        token), node, token, ca, insecure, refresh, timeout, watch, backoff);
            }
            case "apiserver": {
                String port = orEmpty(ctx.env("KUBERNETES_SERVICE_PORT"));
                String def = inClusterHost == null || inClusterHost.isBlank() ? ""
                        : "https://" + bracket(inClusterHost) + ":" + (port.isBlank() ? "443" : port);
                String url = ctx.get("k8s.apiServerUrl", def);
                if (url.isBlank()) {
                    throw new IllegalArgumentException("k8s.apiServerUrl is not set and KUBERNETES_SERVICE_HOST is"
                            + " not in the environment; set k8s.apiServerUrl (e.g. https://10.96.0.1:443)");
                }
                return new PodSourceConfig(Kind.APISERVER, tokenSafe(ctx, uri(url, "k8s.apiServerUrl"),
                        "k8s.apiServerUrl", token), node, token, ca, insecure, refresh, timeout, watch, backoff);
            }
            default:
                throw new IllegalArgumentException("k8s.podSource must be one of kubelet, apiserver, none; got: "
                        + source);
        }
    }

    /**
     * Refuses a plain {@code http://} URL beyond loopback when a bearer token would go with every request: anyone on
     * the path could read it and act as the agent's ServiceAccount ({@link Cleartext}).
     * {@code k8s.allowTokenOverHttp=true} accepts the risk and is warned about; {@code k8s.tokenFile=none} sends
     * no token at all.
     */
    private static URI tokenSafe(SourceContext ctx, URI url, String key, Path token) {
        if (token == null || Cleartext.credentialsSafe(url)) {
            return url;
        }
        if (!strictBoolean(ctx, "k8s.allowTokenOverHttp")) {
            throw new IllegalArgumentException(key + " is plain http:// and the ServiceAccount token would be sent in "
                    + "cleartext; use https://, or set k8s.tokenFile=none for an endpoint without auth, or "
                    + "k8s.allowTokenOverHttp=true to accept the risk");
        }
        org.slf4j.LoggerFactory.getLogger(PodSourceConfig.class).warn("{} is plain http:// and "
                + "k8s.allowTokenOverHttp=true: the ServiceAccount token is sent in cleartext to {}", key, url.getHost());
        return url;
    }

    /** {@code true} or {@code false} (any case); anything else is refused rather than read as false. */
    private static boolean strictBoolean(SourceContext ctx, String key) {
        String v = ctx.get(key, "false");
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false; got: " + v);
    }

    private static String bracket(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    private static Path optionalFile(String p) {
        if (p == null || p.isBlank() || p.equals("none")) {
            return null;
        }
        Path path = Path.of(p);
        return Files.exists(path) || !p.startsWith("/var/run/secrets/") ? path : null;
    }

    private static URI uri(String s, String key) {
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a valid URL: " + s, e);
        }
    }

    /** Parses {@code PT30S}, {@code 30s}, {@code 500ms}, {@code 5m} or plain seconds. */
    static Duration duration(SourceContext ctx, String key, String def) {
        String v = ctx.get(key, def);
        try {
            if (v.startsWith("PT") || v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be a duration like PT30S, 30s, 500ms or 5m; got: " + v, e);
        }
    }
}
