package dev.fleetwright.core.api.corev1;

import java.util.List;
import java.util.Objects;

/**
 * The resource view of a container: its requests and limits, and whether it is a sidecar (an init container with
 * {@code restartPolicy: Always}).
 *
 * @param name the container name
 * @param requests the requests as written
 * @param limits the limits as written
 * @param sidecar true for a restartable init container (Kubernetes 1.29+ sidecars)
 */
public record Container(String name, Resources requests, Resources limits, boolean sidecar) {

    /** Nulls become empty resources. */
    public Container {
        name = name == null ? "" : name;
        requests = requests == null ? Resources.NONE : requests;
        limits = limits == null ? Resources.NONE : limits;
    }

    /** A regular container with these requests. */
    public static Container of(Resources requests) {
        return new Container("", requests, Resources.NONE, false);
    }

    /**
     * The requests the scheduler sees: each resource that has a limit but no request is requested at its limit, as
     * the Kubernetes API server defaults it.
     */
    public Resources effectiveRequests() {
        Resources result = requests;
        for (String name : limits.toQuantities().keySet()) {
            if (requests.get(name) == 0) {
                result = result.with(name, limits.get(name));
            }
        }
        return result;
    }

    /**
     * The requests of a whole pod as the kube-scheduler computes them ({@code k8s.io/component-helpers/resource
     * PodRequests}): the sum of the app containers and sidecars, or the largest init container (plus the sidecars
     * started before it) if larger, plus the pod overhead. The {@code pods} count is not included.
     *
     * @param containers the app containers
     * @param initContainers the init containers in order, sidecars included
     * @param overhead the RuntimeClass pod overhead; null is none
     * @return the effective pod requests
     */
    public static Resources podRequests(
            List<Container> containers, List<Container> initContainers, Resources overhead) {
        Objects.requireNonNull(containers, "containers");
        Resources sum = Resources.NONE;
        for (Container c : containers) {
            sum = sum.plus(c.effectiveRequests());
        }
        Resources sidecars = Resources.NONE;
        Resources initMax = Resources.NONE;
        for (Container c : initContainers == null ? List.<Container>of() : initContainers) {
            Resources r = c.effectiveRequests();
            Resources peak;
            if (c.sidecar()) {
                sum = sum.plus(r);
                sidecars = sidecars.plus(r);
                peak = sidecars;
            } else {
                peak = r.plus(sidecars);
            }
            initMax = initMax.max(peak);
        }
        Resources result = sum.max(initMax);
        return overhead == null ? result : result.plus(overhead);
    }
}
