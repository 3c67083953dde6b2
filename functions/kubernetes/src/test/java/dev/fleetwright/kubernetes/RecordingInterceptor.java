package dev.fleetwright.kubernetes;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * Records what client-java sends (method, decoded path and query, content type, body), as the client sent it: the mock
 * server's own record loses the bodies its CRUD dispatcher consumed.
 */
final class RecordingInterceptor implements Interceptor {

    /** One request as sent. */
    record Sent(String method, String path, String contentType, String body) {}

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String body = "";
        String contentType = null;
        if (request.body() != null) {
            Buffer buffer = new Buffer();
            request.body().writeTo(buffer);
            body = buffer.readUtf8();
            contentType = request.body().contentType() == null
                    ? null
                    : request.body().contentType().toString();
        }
        String path = request.url().encodedPath()
                + (request.url().encodedQuery() == null
                        ? ""
                        : "?" + request.url().encodedQuery());
        sent.add(new Sent(request.method(), URLDecoder.decode(path, StandardCharsets.UTF_8), contentType, body));
        return chain.proceed(request);
    }

    /** The requests of one method, in order. */
    List<Sent> sent(String method) {
        return sent.stream().filter(s -> s.method().equals(method)).toList();
    }

    /** Every request, in order. */
    List<Sent> all() {
        return List.copyOf(sent);
    }

    /** Forgets what was recorded. */
    void clear() {
        sent.clear();
    }
}
