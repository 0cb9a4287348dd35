package io.github.energy4j.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A response body collected into bytes, up to a limit: a broken or hostile endpoint that streams
 * without end fails the request with an {@link IOException} instead of filling the heap of the
 * process being metered. The JDK's own handlers have no limit. Shared by the modules that call HTTP
 * services (pod metadata, carbon intensity APIs, Redfish).
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final String what;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private BoundedBody(int limit, String what) {
        this.limit = limit;
        this.what = what;
    }

    /** A handler whose body fails once more than {@code limit} bytes arrive; {@code what} names the answer. */
    public static HttpResponse.BodyHandler<byte[]> handler(int limit, String what) {
        return info -> new BoundedBody(limit, what);
    }

    /**
     * Sends {@code request} and waits at most {@code timeout} for the whole exchange, body included, with
     * the body bounded by {@code limit}. The JDK's request timeout stops at the response headers, so an
     * endpoint that sends headers and then stalls in the body would otherwise hold the calling thread
     * forever. On timeout or interrupt the exchange is cancelled, which closes its connection.
     *
     * @throws HttpTimeoutException when the whole answer did not arrive within {@code timeout} (or the
     *                              JDK's own request timeout fired first)
     * @throws IOException          the failure of the exchange itself (refused connection, TLS handshake,
     *                              a body over the limit), unwrapped
     */
    public static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, int limit, String what,
                                            Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, handler(limit, what));
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            HttpTimeoutException t = new HttpTimeoutException(what + ": no complete answer within "
                    + timeout.toMillis() + " ms");
            t.initCause(e);
            throw t;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException) {
                throw (IOException) c;
            }
            throw new IOException(what + " failed: " + c, c);
        } finally {
            f.cancel(true);
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (bytes.size() + b.remaining() > limit) {
                subscription.cancel();
                result.completeExceptionally(new IOException(what + " is larger than " + limit
                        + " bytes; refused (a misbehaving endpoint?)"));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
