package dev.fleetwright.provisioner;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;

/** DynamoDB Local as a real HTTP server on a free loopback port, in memory, for the integration test. */
final class DynamoDbLocalServer implements AutoCloseable {

    final URI endpoint;
    private final DynamoDBProxyServer server;

    DynamoDbLocalServer() {
        Exception last = null;
        DynamoDBProxyServer started = null;
        int port = 0;
        for (int attempt = 0; attempt < 3 && started == null; attempt++) {
            port = freePort();
            try {
                DynamoDBProxyServer candidate = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-disableTelemetry", "-port", Integer.toString(port)});
                candidate.start();
                started = candidate;
            } catch (Exception e) {
                // The port was taken between probing and binding: try another.
                last = e;
            }
        }
        if (started == null) {
            throw new IllegalStateException("DynamoDB Local did not start on a free port", last);
        }
        this.server = started;
        this.endpoint = URI.create("http://localhost:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local at " + endpoint + " did not stop", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port for DynamoDB Local", e);
        }
    }
}
