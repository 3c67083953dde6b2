package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.Affinity;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.NodeSelectorTerm;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.PreferredSchedulingTerm;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import dev.fleetwright.core.api.corev1.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The constraints the scheduler currently applies to one pending pod, with its preferences treated as requirements
 * until they are relaxed, as Karpenter does ([K] pkg/controllers/provisioning/scheduling/preferences.go and
 * pkg/scheduling/requirements.go {@code NewPodRequirements}).
 *
 * <p>Node requirements are the nodeSelector, the first remaining required node-affinity term (terms are ORed; later
 * terms are tried after relaxation removes earlier ones) and the heaviest remaining preferred node-affinity term.
 * Preferred pod (anti-)affinity terms and {@code ScheduleAnyway} spread constraints are enforced like required ones
 * until relaxed. Immutable: {@link #relax()} returns a weaker copy.
 *
 * @param pod the pod
 * @param requiredNodeTerms remaining required node-affinity terms, in pod order (ORed)
 * @param preferredNodeTerms remaining preferred node-affinity terms, heaviest first
 * @param preferredPodAffinity remaining preferred pod-affinity terms, heaviest first
 * @param preferredPodAntiAffinity remaining preferred pod-anti-affinity terms, heaviest first
 * @param topologySpread remaining topology spread constraints, in pod order
 * @param tolerations the pod's tolerations, plus a PreferNoSchedule toleration once that relaxation happened
 */
public record PodConstraints(
        Pod pod,
        List<NodeSelectorTerm> requiredNodeTerms,
        List<PreferredSchedulingTerm> preferredNodeTerms,
        List<WeightedPodAffinityTerm> preferredPodAffinity,
        List<WeightedPodAffinityTerm> preferredPodAntiAffinity,
        List<TopologySpreadConstraint> topologySpread,
        List<Toleration> tolerations) {

    /** The toleration the last relaxation step adds: every PreferNoSchedule taint. */
    public static final Toleration TOLERATE_PREFER_NO_SCHEDULE =
            new Toleration("", Toleration.Operator.EXISTS, "", TaintEffect.PREFER_NO_SCHEDULE, null);

    /** Copies lists. */
    public PodConstraints {
        Objects.requireNonNull(pod, "pod");
        requiredNodeTerms = List.copyOf(requiredNodeTerms);
        preferredNodeTerms = List.copyOf(preferredNodeTerms);
        preferredPodAffinity = List.copyOf(preferredPodAffinity);
        preferredPodAntiAffinity = List.copyOf(preferredPodAntiAffinity);
        topologySpread = List.copyOf(topologySpread);
        tolerations = List.copyOf(tolerations);
    }

    /** The pod's full constraints, before any relaxation; preferences sorted heaviest first (stable). */
    public static PodConstraints of(Pod pod) {
        Affinity a = pod.spec().affinity();
        return new PodConstraints(
                pod,
                a.requiredNodeTerms(),
                byWeight(a.preferredNodeTerms(), PreferredSchedulingTerm::weight),
                byWeight(a.preferredPodAffinity(), WeightedPodAffinityTerm::weight),
                byWeight(a.preferredPodAntiAffinity(), WeightedPodAffinityTerm::weight),
                pod.spec().topologySpreadConstraints(),
                pod.spec().tolerations());
    }

    /**
     * The node requirements with preferences treated as required: nodeSelector, the first remaining required term and
     * the heaviest remaining preferred term.
     *
     * @throws IllegalArgumentException if a numeric operator does not have exactly one integer value
     */
    public Requirements requirements() {
        Requirements r = strictRequirements();
        if (!preferredNodeTerms.isEmpty()) {
            r = r.and(Requirements.fromNodeSelector(
                    preferredNodeTerms.get(0).preference().matchExpressions()));
        }
        return r;
    }

    /** The node requirements without preferences: nodeSelector and the first remaining required term. */
    public Requirements strictRequirements() {
        Requirements r = Requirements.fromLabels(pod.spec().nodeSelector());
        if (!requiredNodeTerms.isEmpty()) {
            r = r.and(Requirements.fromNodeSelector(requiredNodeTerms.get(0).matchExpressions()));
        }
        return r;
    }

    /** The required pod-affinity terms plus the remaining preferred ones. */
    public List<PodAffinityTerm> podAffinity() {
        return withPreferred(pod.spec().affinity().requiredPodAffinity(), preferredPodAffinity);
    }

    /** The required pod-anti-affinity terms plus the remaining preferred ones. */
    public List<PodAffinityTerm> podAntiAffinity() {
        return withPreferred(pod.spec().affinity().requiredPodAntiAffinity(), preferredPodAntiAffinity);
    }

    /**
     * The next weaker constraints, in Karpenter's order: drop the first required node-affinity term when more than one
     * remains; else the heaviest preferred pod-affinity term; else the heaviest preferred pod-anti-affinity term; else
     * the heaviest preferred node-affinity term; else the first {@code ScheduleAnyway} spread constraint; else, when
     * {@code toleratePreferNoSchedule} (Karpenter enables it when some NodePool has a PreferNoSchedule taint), tolerate
     * PreferNoSchedule taints. Empty when nothing is left to relax.
     */
    public Optional<Relaxation> relax(boolean toleratePreferNoSchedule) {
        if (requiredNodeTerms.size() > 1) {
            return Optional.of(new Relaxation(
                    with(requiredNodeTerms.subList(1, requiredNodeTerms.size()), null, null, null, null, null),
                    "removed required node affinity term " + describe(requiredNodeTerms.get(0))));
        }
        if (!preferredPodAffinity.isEmpty()) {
            return Optional.of(new Relaxation(
                    with(null, null, tail(preferredPodAffinity), null, null, null),
                    "removed preferred pod affinity (weight "
                            + preferredPodAffinity.get(0).weight() + ")"));
        }
        if (!preferredPodAntiAffinity.isEmpty()) {
            return Optional.of(new Relaxation(
                    with(null, null, null, tail(preferredPodAntiAffinity), null, null),
                    "removed preferred pod anti-affinity (weight "
                            + preferredPodAntiAffinity.get(0).weight() + ")"));
        }
        if (!preferredNodeTerms.isEmpty()) {
            return Optional.of(new Relaxation(
                    with(null, tail(preferredNodeTerms), null, null, null, null),
                    "removed preferred node affinity "
                            + describe(preferredNodeTerms.get(0).preference())
                            + " (weight " + preferredNodeTerms.get(0).weight() + ")"));
        }
        for (int i = 0; i < topologySpread.size(); i++) {
            TopologySpreadConstraint c = topologySpread.get(i);
            if (c.whenUnsatisfiable() == WhenUnsatisfiable.SCHEDULE_ANYWAY) {
                List<TopologySpreadConstraint> rest = new ArrayList<>(topologySpread);
                rest.remove(i);
                return Optional.of(new Relaxation(
                        with(null, null, null, null, rest, null),
                        "removed ScheduleAnyway topology spread on " + c.topologyKey()));
            }
        }
        if (toleratePreferNoSchedule && !tolerations.contains(TOLERATE_PREFER_NO_SCHEDULE)) {
            List<Toleration> more = new ArrayList<>(tolerations);
            more.add(TOLERATE_PREFER_NO_SCHEDULE);
            return Optional.of(
                    new Relaxation(with(null, null, null, null, null, more), "tolerated PreferNoSchedule taints"));
        }
        return Optional.empty();
    }

    /**
     * One relaxation step.
     *
     * @param constraints the weaker constraints
     * @param description what was relaxed, for logs and reports
     */
    public record Relaxation(PodConstraints constraints, String description) {}

    private PodConstraints with(
            List<NodeSelectorTerm> required,
            List<PreferredSchedulingTerm> preferredNode,
            List<WeightedPodAffinityTerm> affinity,
            List<WeightedPodAffinityTerm> antiAffinity,
            List<TopologySpreadConstraint> spread,
            List<Toleration> tols) {
        return new PodConstraints(
                pod,
                required != null ? required : requiredNodeTerms,
                preferredNode != null ? preferredNode : preferredNodeTerms,
                affinity != null ? affinity : preferredPodAffinity,
                antiAffinity != null ? antiAffinity : preferredPodAntiAffinity,
                spread != null ? spread : topologySpread,
                tols != null ? tols : tolerations);
    }

    private static <T> List<T> tail(List<T> list) {
        return list.subList(1, list.size());
    }

    private static <T> List<T> byWeight(List<T> list, ToIntFunction<T> weight) {
        List<T> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt(weight).reversed());
        return sorted;
    }

    private static List<PodAffinityTerm> withPreferred(
            List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred) {
        if (preferred.isEmpty()) {
            return required;
        }
        List<PodAffinityTerm> all = new ArrayList<>(required);
        for (WeightedPodAffinityTerm w : preferred) {
            all.add(w.term());
        }
        return all;
    }

    private static String describe(NodeSelectorTerm term) {
        List<String> parts = new ArrayList<>();
        for (NodeSelectorRequirement r : term.matchExpressions()) {
            parts.add(r.toString());
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
