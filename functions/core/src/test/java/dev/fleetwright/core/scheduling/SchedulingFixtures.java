package dev.fleetwright.core.scheduling;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.LabelSelector;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.PodAffinityTerm;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import dev.fleetwright.core.api.corev1.Toleration;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.Policy;
import dev.fleetwright.core.api.corev1.TopologySpreadConstraint.WhenUnsatisfiable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small static helpers for scheduling specifications: node selector requirements, taints, spreads, affinity terms. */
final class SchedulingFixtures {

    private SchedulingFixtures() {}

    static NodeSelectorRequirement in(String key, String... values) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.IN, values);
    }

    static NodeSelectorRequirement notIn(String key, String... values) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.NOT_IN, values);
    }

    static NodeSelectorRequirement exists(String key) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.EXISTS);
    }

    static NodeSelectorRequirement doesNotExist(String key) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.DOES_NOT_EXIST);
    }

    static NodeSelectorRequirement gt(String key, long value) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.GT, Long.toString(value));
    }

    static NodeSelectorRequirement lt(String key, long value) {
        return NodeSelectorRequirement.of(key, NodeSelectorOperator.LT, Long.toString(value));
    }

    static Taint taint(String key, String value, TaintEffect effect) {
        return new Taint(key, value, effect);
    }

    static Toleration tolerateExists(String key, TaintEffect effect) {
        return new Toleration(key, Toleration.Operator.EXISTS, "", effect, null);
    }

    static Toleration tolerateEqual(String key, String value, TaintEffect effect) {
        return new Toleration(key, Toleration.Operator.EQUAL, value, effect, null);
    }

    static LabelSelector selector(Map<String, String> labels) {
        return LabelSelector.of(labels);
    }

    /** A DoNotSchedule spread on {@code key} with maxSkew 1 selecting {@code labels}; refine with the builder. */
    static SpreadBuilder spread(String key, Map<String, String> labels) {
        return new SpreadBuilder(key, LabelSelector.of(labels));
    }

    /** Builds a {@link TopologySpreadConstraint} with every field. */
    static final class SpreadBuilder {
        private final String key;
        private LabelSelector selector;
        private int maxSkew = 1;
        private WhenUnsatisfiable when = WhenUnsatisfiable.DO_NOT_SCHEDULE;
        private Integer minDomains;
        private Policy affinityPolicy;
        private Policy taintsPolicy;
        private final List<String> matchLabelKeys = new ArrayList<>();

        SpreadBuilder(String key, LabelSelector selector) {
            this.key = key;
            this.selector = selector;
        }

        SpreadBuilder maxSkew(int skew) {
            this.maxSkew = skew;
            return this;
        }

        SpreadBuilder scheduleAnyway() {
            this.when = WhenUnsatisfiable.SCHEDULE_ANYWAY;
            return this;
        }

        SpreadBuilder minDomains(int n) {
            this.minDomains = n;
            return this;
        }

        SpreadBuilder nodeAffinityPolicy(Policy p) {
            this.affinityPolicy = p;
            return this;
        }

        SpreadBuilder nodeTaintsPolicy(Policy p) {
            this.taintsPolicy = p;
            return this;
        }

        SpreadBuilder matchLabelKeys(String... keys) {
            matchLabelKeys.addAll(List.of(keys));
            return this;
        }

        /** A nil label selector (matches no pod). */
        SpreadBuilder nilSelector() {
            this.selector = null;
            return this;
        }

        TopologySpreadConstraint build() {
            return new TopologySpreadConstraint(
                    maxSkew, key, when, selector, minDomains, affinityPolicy, taintsPolicy, matchLabelKeys);
        }
    }

    /** A pod (anti-)affinity term on {@code key} selecting {@code labels} in the pod's own namespace. */
    static PodAffinityTerm term(String key, Map<String, String> labels) {
        return new PodAffinityTerm(LabelSelector.of(labels), List.of(), null, key, List.of());
    }

    /** A term with explicit namespaces and namespace selector (null for none). */
    static PodAffinityTerm term(
            String key, Map<String, String> labels, List<String> namespaces, LabelSelector namespaceSelector) {
        return new PodAffinityTerm(LabelSelector.of(labels), namespaces, namespaceSelector, key, List.of());
    }

    static DaemonSet daemonSet(String name, PodBuilder template) {
        return new DaemonSet(ObjectMeta.of("kube-system", name), template.build());
    }
}
