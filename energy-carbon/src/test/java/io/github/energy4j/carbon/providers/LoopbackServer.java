package io.github.energy4j.carbon.providers;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback HTTP server replaying canned answers per path, recording what it was asked. */
final class LoopbackServer implements AutoCloseable {

    record Answer(int status, String body, long delayMillis) {
    }

    record Request(String path, String query, Headers headers) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    LoopbackServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            URI uri = exchange.getRequestURI();
            requests.add(new Request(uri.getPath(), uri.getRawQuery(), exchange.getRequestHeaders()));
            Answer a = answers.getOrDefault(uri.getPath(), new Answer(404, "{\"error\":\"no route\"}", 0));
            if (a.delayMillis() > 0) {
                try {
                    Thread.sleep(a.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            try {
                exchange.sendResponseHeaders(a.status(), body.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            } catch (IOException e) {
                // client gave up (timeout test)
            }
        });
        server.start();
    }

    LoopbackServer answer(String path, int status, String body) {
        answers.put(path, new Answer(status, body, 0));
        return this;
    }

    LoopbackServer answerSlowly(String path, long delayMillis, String body) {
        answers.put(path, new Answer(200, body, delayMillis));
        return this;
    }

    URI base(String prefix) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + prefix);
    }

    Request last() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
