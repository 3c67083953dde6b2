package dev.fleetwright.forwarder.watch;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Call;

/**
 * {@link PodClient} over client-java: {@code GET /api/v1/pods} for lists and the same path with {@code watch=true} for
 * watches, decoded by client-java's {@link Watch}.
 *
 * <p>The {@link ApiClient} must have a read timeout longer than the watch timeout (see {@link
 * #readTimeoutFor(Duration)}), or quiet watches end as read timeouts instead of normally.
 */
public final class ClientJavaPodClient implements PodClient {

    private static final System.Logger LOG = System.getLogger(ClientJavaPodClient.class.getName());
    private static final Type WATCH_RESPONSE = new TypeToken<Watch.Response<V1Pod>>() {}.getType();

    private final ApiClient apiClient;
    private final CoreV1Api api;

    /**
     * Creates the client.
     *
     * @param apiClient a configured client-java client (in the cluster: {@code ClientBuilder.cluster().build()});
     *     not null
     */
    public ClientJavaPodClient(ApiClient apiClient) {
        this.apiClient = Objects.requireNonNull(apiClient, "apiClient");
        this.api = new CoreV1Api(apiClient);
    }

    /**
     * The HTTP read timeout an {@link ApiClient} needs for watches of {@code watchTimeout}: the watch timeout plus
     * 30 s, so the server, not the client, ends a quiet watch.
     *
     * @param watchTimeout the server-side watch timeout
     * @return the read timeout
     */
    public static Duration readTimeoutFor(Duration watchTimeout) {
        return watchTimeout.plusSeconds(30);
    }

    @Override
    public PodPage list(Optional<String> continueToken, int limit) throws KubernetesApiException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be at least 1, was " + limit);
        }
        V1PodList list;
        try {
            list = api.listPodForAllNamespaces()
                    .fieldSelector(UNBOUND_PODS)
                    .limit(limit)
                    ._continue(continueToken.orElse(null))
                    .execute();
        } catch (ApiException e) {
            throw translate("list pods", e);
        }
        String resourceVersion =
                list.getMetadata() == null ? null : list.getMetadata().getResourceVersion();
        String next = list.getMetadata() == null ? null : list.getMetadata().getContinue();
        return new PodPage(
                list.getItems() == null ? List.of() : list.getItems(),
                resourceVersion,
                next == null || next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    @Override
    public PodEventStream watch(String resourceVersion, Duration timeout) throws KubernetesApiException {
        Watch<V1Pod> watch;
        try {
            Call call = api.listPodForAllNamespaces()
                    .fieldSelector(UNBOUND_PODS)
                    .watch(true)
                    .allowWatchBookmarks(true)
                    .resourceVersion(resourceVersion)
                    .timeoutSeconds(Math.toIntExact(timeout.toSeconds()))
                    .buildCall(null);
            watch = Watch.createWatch(apiClient, call, WATCH_RESPONSE);
        } catch (ApiException e) {
            throw translate("watch pods from resourceVersion " + resourceVersion, e);
        }
        return new Stream(watch);
    }

    private static KubernetesApiException translate(String what, ApiException e) {
        return new KubernetesApiException(
                e.getCode(),
                retryAfter(e.getResponseHeaders()),
                what + ": "
                        + (e.getCode() == 0
                                ? "no response (" + e.getMessage() + ")"
                                : "HTTP " + e.getCode() + " " + abbreviate(e.getResponseBody())),
                e);
    }

    /** {@code Retry-After} in delta-seconds, the form the API server uses for 429. */
    private static Optional<Duration> retryAfter(Map<String, List<String>> headers) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if ("Retry-After".equalsIgnoreCase(header.getKey())
                    && header.getValue() != null
                    && !header.getValue().isEmpty()) {
                try {
                    long seconds = Long.parseLong(header.getValue().get(0).trim());
                    return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty(); // an HTTP-date: fall back to the backoff
                }
            }
        }
        return Optional.empty();
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }

    private static final class Stream implements PodEventStream {
        private final Watch<V1Pod> watch;

        Stream(Watch<V1Pod> watch) {
            this.watch = watch;
        }

        @Override
        public Optional<PodEvent> next() throws KubernetesApiException {
            Watch.Response<V1Pod> response;
            try {
                if (!watch.hasNext()) {
                    return Optional.empty();
                }
                response = watch.next();
            } catch (RuntimeException e) {
                // client-java wraps the okhttp IOException of a broken stream in a RuntimeException.
                throw new KubernetesApiException(
                        0, Optional.empty(), "watch pods: stream failed: " + e.getMessage(), e);
            }
            return Optional.of(toEvent(response));
        }

        private static PodEvent toEvent(Watch.Response<V1Pod> response) throws KubernetesApiException {
            String type = response.type == null ? "" : response.type;
            return switch (type) {
                case "ADDED", "MODIFIED" -> new PodEvent.Upsert(requirePod(response));
                case "DELETED" -> new PodEvent.Deleted(requirePod(response));
                case "BOOKMARK" -> bookmark(requirePod(response));
                case "ERROR" -> failure(response.status);
                default ->
                    throw new KubernetesApiException(
                            0, Optional.empty(), "watch pods: unknown event type '" + type + "'", null);
            };
        }

        private static PodEvent.Bookmark bookmark(V1Pod pod) throws KubernetesApiException {
            String resourceVersion =
                    pod.getMetadata() == null ? null : pod.getMetadata().getResourceVersion();
            if (resourceVersion == null || resourceVersion.isBlank()) {
                throw new KubernetesApiException(
                        0, Optional.empty(), "watch pods: BOOKMARK event without metadata.resourceVersion", null);
            }
            return new PodEvent.Bookmark(resourceVersion);
        }

        private static PodEvent.Failure failure(V1Status status) {
            if (status == null) {
                return new PodEvent.Failure(0, "", "ERROR event without a Status object");
            }
            return new PodEvent.Failure(
                    status.getCode() == null ? 0 : status.getCode(),
                    status.getReason() == null ? "" : status.getReason(),
                    status.getMessage() == null ? "" : status.getMessage());
        }

        private static V1Pod requirePod(Watch.Response<V1Pod> response) throws KubernetesApiException {
            if (response.object == null) {
                throw new KubernetesApiException(
                        0, Optional.empty(), "watch pods: " + response.type + " event without an object", null);
            }
            return response.object;
        }

        @Override
        public void close() {
            try {
                watch.close();
            } catch (IOException | RuntimeException e) {
                // Closing an already-broken connection: the next list or watch reports any real failure.
                LOG.log(System.Logger.Level.DEBUG, "closing the pod watch failed: {0}", e.toString());
            }
        }
    }
}
