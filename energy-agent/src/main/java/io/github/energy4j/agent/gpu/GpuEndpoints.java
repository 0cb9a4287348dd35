package io.github.energy4j.agent.gpu;

import com.sun.net.httpserver.HttpExchange;
import io.github.energy4j.agent.serve.AgentHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The GPU service's JSON endpoints on {@code serve}'s listener: {@code GET /} (service info), {@code /analyze}
 * ({@code ?use_ai=true} waits for LLM advice), {@code /results}, {@code /results/low}, {@code /results/stats},
 * {@code /config} and {@code POST /config/update}. Each request is answered on its connection's thread (the
 * listener gives every connection one), so an analysis or an LLM wait never holds {@code /metrics} or
 * {@code /healthz}.
 *
 * <p>{@code /config/update} is refused with 403 unless basic auth protects the listener or the operator allowed
 * it explicitly ({@code --gpu-config-update}): anyone who can reach the port could otherwise retune the service.
 */
public final class GpuEndpoints implements AutoCloseable {

    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final GpuMonitor monitor;
    private final boolean updateAllowed;
    private final String nodeName;

    private GpuEndpoints(GpuMonitor monitor, boolean updateAllowed, String nodeName) {
        this.monitor = monitor;
        this.updateAllowed = updateAllowed;
        this.nodeName = nodeName;
    }

    /** Adds the routes to {@code server}. */
    public static GpuEndpoints register(AgentHttpServer server, GpuMonitor monitor, String nodeName) {
        GpuEndpoints e = new GpuEndpoints(monitor, server.authenticated() || monitor.options().configUpdate(),
                nodeName);
        // the listener matches paths exactly and answers each connection on a thread of its own
        for (String path : new String[] {"/", "/analyze", "/results", "/results/low", "/results/stats", "/config"}) {
            server.route(path, e::answer);
        }
        server.routeWithPost("/config/update", e::answer);
        return e;
    }

    private void answer(HttpExchange ex) {
        try {
            route(ex);
        } catch (IOException e) {
            ex.close(); // the client went away
        } catch (RuntimeException e) {
            try {
                send(ex, 500, GpuJson.error("GPU analysis failed: " + e));
            } catch (IOException ignored) {
                ex.close();
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/config/update")) {
            if (!method.equals("POST")) {
                send(ex, 405, GpuJson.error("use POST with a JSON object"));
                return;
            }
            update(ex);
            return;
        }
        if (!method.equals("GET")) {
            send(ex, 405, GpuJson.error("use GET"));
            return;
        }
        switch (path) {
            case "/" -> send(ex, 200, GpuJson.render(g -> {
                g.writeStartObject();
                g.writeStringField("service", "energy4j GPU monitor");
                g.writeStringField("node", nodeName);
                g.writeNumberField("gpus", monitor.latest() == null ? -1 : monitor.latest().gpus().size());
                g.writeNumberField("analyses", monitor.analysesTotal());
                g.writeArrayFieldStart("endpoints");
                for (String s : new String[] {"/metrics", "/health", "/healthz", "/analyze", "/analyze?use_ai=true",
                        "/results", "/results/low", "/results/stats", "/config", "POST /config/update"}) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }));
            case "/analyze" -> analyze(ex);
            case "/results", "/results/low" -> {
                GpuAnalysisResult r = monitor.latest();
                if (r == null) {
                    send(ex, 404, GpuJson.error("no analysis yet; GET /analyze runs one now"));
                } else {
                    boolean low = path.endsWith("/low");
                    send(ex, 200, GpuJson.render(g -> GpuJson.result(g, r, monitor.advice(), low)));
                }
            }
            case "/results/stats" -> {
                GpuAnalysisResult r = monitor.latest();
                if (r == null) {
                    send(ex, 404, GpuJson.error("no analysis yet; GET /analyze runs one now"));
                } else {
                    send(ex, 200, GpuJson.render(g -> GpuJson.stats(g, r.stats())));
                }
            }
            case "/config" -> send(ex, 200, GpuJson.render(g -> GpuJson.config(g, monitor, updateAllowed)));
            default -> send(ex, 404, GpuJson.error("not found; GET / lists the endpoints"));
        }
    }

    private void analyze(HttpExchange ex) throws IOException {
        String q = ex.getRequestURI().getRawQuery();
        boolean ai = false;
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.equals("use_ai=true") || kv.equals("use_ai=1")) {
                    ai = true;
                } else if (kv.startsWith("use_ai=") && !kv.equals("use_ai=false") && !kv.equals("use_ai=0")) {
                    send(ex, 400, GpuJson.error("use_ai must be true or false"));
                    return;
                }
            }
        }
        if (ai && !monitor.options().aiConfigured()) {
            send(ex, 400, GpuJson.error("use_ai=true needs an AI endpoint: start serve with --ai-url"));
            return;
        }
        GpuAnalysisResult r = ai ? monitor.analyzeWithAdvice() : monitor.analyze();
        send(ex, 200, GpuJson.render(g -> GpuJson.result(g, r, monitor.advice(), false)));
    }

    private void update(HttpExchange ex) throws IOException {
        if (!updateAllowed) {
            send(ex, 403, GpuJson.error("configuration updates are off: protect the listener with "
                    + "--basic-auth-file, or allow them with --gpu-config-update"));
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(GpuSettings.MAX_UPDATE_BYTES + 1);
        }
        if (body.length > GpuSettings.MAX_UPDATE_BYTES) {
            send(ex, 413, GpuJson.error("the body is larger than " + GpuSettings.MAX_UPDATE_BYTES + " bytes"));
            return;
        }
        try {
            monitor.update(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            send(ex, 400, GpuJson.error(e.getMessage()));
            return;
        }
        send(ex, 200, GpuJson.render(g -> GpuJson.config(g, monitor, updateAllowed)));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", JSON_TYPE);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
        ex.close();
    }

    @Override
    public void close() {
        // nothing of its own to stop: the listener's threads answer
    }
}
