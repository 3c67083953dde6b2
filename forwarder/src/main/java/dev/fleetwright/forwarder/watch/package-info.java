/**
 * Keeping an up-to-date view of unbound pods: list, then watch from the list's resourceVersion, re-list after
 * {@code 410 Gone}, back off on throttling and errors.
 *
 * <p>{@link dev.fleetwright.forwarder.watch.PodClient} is the narrow port to the API server (implemented with
 * client-java by {@link dev.fleetwright.forwarder.watch.ClientJavaPodClient}); {@link
 * dev.fleetwright.forwarder.watch.PodWatcher} is the list-and-watch loop, after client-go's Reflector, written by hand
 * so that its clock, sleeper and backoff are injected and its restarts counted.
 */
package dev.fleetwright.forwarder.watch;
