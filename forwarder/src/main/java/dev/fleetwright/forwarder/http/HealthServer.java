package dev.fleetwright.forwarder.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves the kubelet's probes and Prometheus:
 *
 * <ul>
 *   <li>{@code GET /healthz}: 200 while the watch and send threads run, else 503 (liveness: a dead loop restarts the
 *       container);
 *   <li>{@code GET /readyz}: 200 once the first complete pod list has been read, else 503;
 *   <li>{@code GET /metrics}: the Prometheus text exposition.
 * </ul>
 *
 * Other paths answer 404, other methods 405. One daemon thread serves requests.
 */
public final class HealthServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Starts the server.
     *
     * @param port the TCP port on all interfaces; 0 picks a free one (tests)
     * @param live liveness check; not null
     * @param ready readiness check; not null
     * @param metrics renders the metrics; not null
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics)
            throws IOException {
        return new HealthServer(port, live, ready, metrics);
    }

    private HealthServer(int port, BooleanSupplier live, BooleanSupplier ready, Supplier<String> metrics)
            throws IOException {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(metrics, "metrics");
        server = HttpServer.create(new InetSocketAddress(port), 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> probe(exchange, live.getAsBoolean()));
        server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
        server.createContext("/metrics", exchange -> {
            if (allowed(exchange)) {
                respond(exchange, 200, PROMETHEUS_TEXT, metrics.get());
            }
        });
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
        server.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void probe(HttpExchange exchange, boolean ok) throws IOException {
        if (allowed(exchange)) {
            respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
        }
    }

    private static boolean allowed(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals(exchange.getHttpContext().getPath())) {
            respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            return false;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return false;
        }
        return true;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
