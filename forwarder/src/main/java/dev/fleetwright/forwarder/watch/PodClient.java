package dev.fleetwright.forwarder.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * The two calls the forwarder makes to the Kubernetes API: list unbound pods in pages and watch them. Both cover all
 * namespaces with the field selector {@value #UNBOUND_PODS}, the selector Karpenter's provisioner lists with ({@code
 * [K] pkg/controllers/provisioning/provisioner.go GetPendingPods}): the server then sends only pods without a node,
 * and a pod that gets bound leaves the watch as a DELETED event.
 */
public interface PodClient {

    /** Field selector for pods not bound to a node. */
    String UNBOUND_PODS = "spec.nodeName=";

    /**
     * Lists one page of unbound pods.
     *
     * @param continueToken the previous page's token; empty for the first page
     * @param limit the page size, at least 1
     * @return the page
     * @throws KubernetesApiException when the server refuses or cannot be reached; 410 when the continue token expired
     */
    PodPage list(Optional<String> continueToken, int limit) throws KubernetesApiException;

    /**
     * Opens a watch of unbound pods from {@code resourceVersion}, with bookmarks.
     *
     * @param resourceVersion where to resume; not blank
     * @param timeout the server-side watch timeout; the stream then ends normally
     * @return the event stream, to be closed by the caller
     * @throws KubernetesApiException when the watch cannot be opened (410 when the resourceVersion is too old)
     */
    PodEventStream watch(String resourceVersion, Duration timeout) throws KubernetesApiException;

    /** A watch in progress. */
    interface PodEventStream extends AutoCloseable {

        /**
         * The next event, blocking until one arrives.
         *
         * @return the event, or empty when the server ended the watch (its timeout elapsed)
         * @throws KubernetesApiException when the connection fails mid-stream
         */
        Optional<PodEvent> next() throws KubernetesApiException;

        /** Closes the connection; unblocks a pending {@link #next()}. Never throws. */
        @Override
        void close();
    }
}
