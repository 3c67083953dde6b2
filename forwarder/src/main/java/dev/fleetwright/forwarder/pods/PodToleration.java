package dev.fleetwright.forwarder.pods;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kubernetes.client.openapi.models.V1Toleration;
import java.util.Objects;

/**
 * One toleration of a pending pod, as written in the event: the Kubernetes fields with absent ones left out.
 *
 * @param key the taint key; null tolerates every key (with {@code Exists})
 * @param operator {@code Equal} or {@code Exists}; null means {@code Equal}
 * @param value the taint value; null for {@code Exists}
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}; null tolerates every effect
 * @param tolerationSeconds how long a {@code NoExecute} taint is tolerated, in seconds; null means forever
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodToleration(String key, String operator, String value, String effect, Long tolerationSeconds) {

    /**
     * Copies a client-java toleration.
     *
     * @param toleration the API object; not null
     * @return the event form
     * @throws NullPointerException if {@code toleration} is null
     */
    public static PodToleration of(V1Toleration toleration) {
        Objects.requireNonNull(toleration, "toleration");
        return new PodToleration(
                toleration.getKey(),
                toleration.getOperator(),
                toleration.getValue(),
                toleration.getEffect(),
                toleration.getTolerationSeconds());
    }
}
