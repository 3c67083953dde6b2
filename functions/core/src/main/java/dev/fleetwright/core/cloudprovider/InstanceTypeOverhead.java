package dev.fleetwright.core.cloudprovider;

import dev.fleetwright.core.api.corev1.Resources;
import java.util.Objects;

/**
 * The resources of a node that pods cannot request, in three parts as the kubelet reserves them, after Karpenter's
 * {@code cloudprovider.InstanceTypeOverhead} ([K] pkg/cloudprovider/types.go).
 *
 * @param kubeReserved reserved for Kubernetes daemons ({@code --kube-reserved})
 * @param systemReserved reserved for the operating system ({@code --system-reserved})
 * @param evictionThreshold kept free by hard eviction ({@code --eviction-hard}: {@code memory.available} as memory,
 *     {@code nodefs.available} as ephemeral storage)
 */
public record InstanceTypeOverhead(Resources kubeReserved, Resources systemReserved, Resources evictionThreshold) {

    /** No overhead at all. */
    public static final InstanceTypeOverhead NONE =
            new InstanceTypeOverhead(Resources.NONE, Resources.NONE, Resources.NONE);

    /** @throws NullPointerException naming a part that is null */
    public InstanceTypeOverhead {
        Objects.requireNonNull(kubeReserved, "kubeReserved");
        Objects.requireNonNull(systemReserved, "systemReserved");
        Objects.requireNonNull(evictionThreshold, "evictionThreshold");
    }

    /** The sum of the three parts (Karpenter's {@code InstanceTypeOverhead.Total}). */
    public Resources total() {
        return kubeReserved.plus(systemReserved).plus(evictionThreshold);
    }
}
