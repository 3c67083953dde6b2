package dev.fleetwright.core.api.corev1;

import java.util.Arrays;
import java.util.Optional;

/** The effect of a node taint, as in Kubernetes {@code core/v1 TaintEffect}. */
public enum TaintEffect {
    /** New pods that do not tolerate the taint are not scheduled. */
    NO_SCHEDULE("NoSchedule"),
    /** The scheduler tries to avoid the node; Karpenter treats it as a constraint and relaxes it last. */
    PREFER_NO_SCHEDULE("PreferNoSchedule"),
    /** Running pods that do not tolerate the taint are evicted. */
    NO_EXECUTE("NoExecute");

    private final String wireName;

    TaintEffect(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in YAML and the Kubernetes API, for example {@code NoSchedule}. */
    public String wireName() {
        return wireName;
    }

    /** The effect with this API name, or empty. */
    public static Optional<TaintEffect> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
