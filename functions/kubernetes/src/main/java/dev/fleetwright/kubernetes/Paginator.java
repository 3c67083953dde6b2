package dev.fleetwright.kubernetes;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows a list's {@code continue} tokens to the last page. An expired token ({@code 410 Gone}: the API server
 * compacted the snapshot being listed) restarts the list from the beginning once, as Kubernetes asks clients to do; a
 * token returned twice is a failure rather than an endless loop. Failures are {@link KubernetesException}s.
 */
final class Paginator {

    /** One page of a list. */
    record Page<T>(List<T> items, String continueToken) {}

    /** Fetches one page; a null token asks for the first. */
    @FunctionalInterface
    interface PageFetcher<T> {
        Page<T> fetch(String continueToken) throws ApiException;
    }

    private final String clusterName;
    private final KubernetesErrors errors;

    Paginator(String clusterName, KubernetesErrors errors) {
        this.clusterName = clusterName;
        this.errors = errors;
    }

    /** The {@code continue} token of a list's metadata, or null. */
    static String continueToken(V1ListMeta meta) {
        return meta == null ? null : meta.getContinue();
    }

    /**
     * Every item of a list.
     *
     * @param verb the verb, for messages
     * @param ref the resource, for messages
     * @param fetcher fetches one page
     * @return the items of all pages, in order
     * @throws KubernetesException if a page fails, cannot be decoded, or the list does not end
     */
    <T> List<T> all(String verb, ResourceRef ref, PageFetcher<T> fetcher) {
        boolean restarted = false;
        while (true) {
            List<T> all = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            String token = null;
            try {
                do {
                    Page<T> page = fetchPage(fetcher, token, verb, ref);
                    if (page.items() != null) {
                        all.addAll(page.items());
                    }
                    token = page.continueToken() == null || page.continueToken().isEmpty()
                            ? null
                            : page.continueToken();
                    if (token != null && !seen.add(token)) {
                        throw new KubernetesRequestException(
                                "cluster \"" + clusterName + "\": " + verb + " " + ref.qualifiedName()
                                        + " returned the same continue token twice; the list does not end",
                                0,
                                null);
                    }
                } while (token != null);
                return all;
            } catch (KubernetesRequestException e) {
                if (e.statusCode() == 410 && !seen.isEmpty() && !restarted) {
                    restarted = true;
                    continue;
                }
                throw e;
            }
        }
    }

    private <T> Page<T> fetchPage(PageFetcher<T> fetcher, String token, String verb, ResourceRef ref) {
        try {
            return fetcher.fetch(token);
        } catch (ApiException e) {
            throw errors.translate(e, verb, ref);
        } catch (com.google.gson.JsonParseException | IllegalArgumentException | IllegalStateException e) {
            throw errors.undecodable(e, verb, ref);
        }
    }
}
