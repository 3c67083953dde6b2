package dev.fleetwright.forwarder.watch;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a paginated pod list.
 *
 * @param pods the pods of this page; copied
 * @param resourceVersion the list's resourceVersion, from which a watch resumes; not blank
 * @param continueToken the token for the next page; empty on the last page
 */
public record PodPage(List<V1Pod> pods, String resourceVersion, Optional<String> continueToken) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code resourceVersion} is blank
     * @throws NullPointerException if {@code pods} or {@code continueToken} is null
     */
    public PodPage {
        pods = List.copyOf(Objects.requireNonNull(pods, "pods"));
        if (resourceVersion == null || resourceVersion.isBlank()) {
            throw new IllegalArgumentException("podList.metadata.resourceVersion: required, not blank");
        }
        Objects.requireNonNull(continueToken, "continueToken");
    }
}
