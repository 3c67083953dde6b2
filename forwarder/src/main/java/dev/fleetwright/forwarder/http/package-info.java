/** The forwarder's small HTTP server: {@code /healthz}, {@code /readyz}, {@code /metrics} (JDK {@code com.sun.net.httpserver}). */
package dev.fleetwright.forwarder.http;
