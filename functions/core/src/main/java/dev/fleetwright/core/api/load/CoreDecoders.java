package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.KubernetesNames;
import dev.fleetwright.core.api.Labels;
import dev.fleetwright.core.api.corev1.NodeSelectorOperator;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.Taint;
import dev.fleetwright.core.api.corev1.TaintEffect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decoders for Kubernetes core shapes that Karpenter objects embed: node selector requirements (with {@code
 * minValues}) and taints, with the rules of Karpenter's CRDs and runtime validation ([K]
 * pkg/apis/v1/nodeclaim_validation.go, nodepool_validation.go, nodepool.go CEL rules).
 */
public final class CoreDecoders {

    /** The largest {@code minValues} Karpenter accepts. */
    public static final int MAX_MIN_VALUES = 50;

    /** The most requirements a NodePool template may have. */
    public static final int MAX_REQUIREMENTS = 100;

    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("^[0-9]+$");

    private static final String OPERATORS = Arrays.stream(NodeSelectorOperator.values())
            .map(NodeSelectorOperator::wireName)
            .collect(Collectors.joining(", "));

    private static final String EFFECTS =
            Arrays.stream(TaintEffect.values()).map(TaintEffect::wireName).collect(Collectors.joining(", "));

    private CoreDecoders() {}

    /**
     * Decodes a list of requirements with Karpenter's NodePool rules: operator In, NotIn, Exists, DoesNotExist, Gt,
     * Lt, Gte or Lte; In and NotIn need at least one value, Exists and DoesNotExist none, Gt/Lt/Gte/Lte exactly one
     * non-negative integer; {@code minValues} 1..50 and, with In, at most the number of values; keys are qualified
     * names (after normalising deprecated aliases) outside the restricted label domains unless well-known, and never
     * {@code karpenter.sh/nodepool} or {@code kubernetes.io/hostname}; values are valid label values.
     *
     * @param list the list value
     * @return the requirements that are valid; invalid ones are reported and left out
     */
    public static List<NodeSelectorRequirement> requirements(TreeValue list) {
        List<NodeSelectorRequirement> out = new ArrayList<>();
        Optional<List<TreeValue>> elements = list.asList();
        if (elements.isEmpty()) {
            return out;
        }
        if (elements.get().size() > MAX_REQUIREMENTS) {
            list.error("at most " + MAX_REQUIREMENTS + " requirements are allowed, got "
                    + elements.get().size());
        }
        for (TreeValue element : elements.get()) {
            element.asObject().flatMap(CoreDecoders::requirement).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<NodeSelectorRequirement> requirement(TreeReader r) {
        int before = r.diagnostics().count();
        Optional<String> key = r.requiredString("key");
        Optional<String> operatorText = r.requiredString("operator");
        List<String> values = r.stringList("values").orElse(List.of());
        Optional<Integer> minValues = r.integer("minValues");
        r.rejectUnknownFields();

        key.ifPresent(k -> checkRequirementKey(r, k));
        for (int i = 0; i < values.size(); i++) {
            int index = i;
            KubernetesNames.labelValueProblem(values.get(i))
                    .ifPresent(p -> r.diagnostics().error(r.pathOf("values").index(index), p));
        }
        Optional<NodeSelectorOperator> operator = operatorText.flatMap(text -> {
            Optional<NodeSelectorOperator> op = NodeSelectorOperator.fromWireName(text);
            if (op.isEmpty()) {
                r.error("operator", "operator \"" + text + "\" is not one of " + OPERATORS);
            }
            return op;
        });
        operator.ifPresent(op -> checkValues(r, op, values));
        minValues.ifPresent(mv -> {
            if (mv < 1 || mv > MAX_MIN_VALUES) {
                r.error("minValues", "minValues must be within 1..50, got " + mv);
            } else if (operator.orElse(null) == NodeSelectorOperator.IN && values.size() < mv) {
                r.error(
                        "minValues",
                        "minValues " + mv + " needs at least " + mv + " values with operator In, got " + values.size());
            }
        });
        if (r.diagnostics().count() > before || key.isEmpty() || operator.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeSelectorRequirement(key.get(), operator.get(), values, minValues.orElse(null)));
    }

    private static void checkRequirementKey(TreeReader r, String key) {
        Optional<String> syntax = KubernetesNames.qualifiedNameProblem(key);
        if (syntax.isPresent()) {
            r.error("key", syntax.get());
            return;
        }
        String normalized = Labels.normalize(key);
        if (Labels.NODE_POOL.equals(normalized)) {
            r.error("key", "label " + Labels.NODE_POOL + " is restricted: Fleetwright sets it to the NodePool's name");
            return;
        }
        String restriction = Labels.restrictionOf(normalized);
        if (restriction != null) {
            r.error("key", restriction);
        }
    }

    private static void checkValues(TreeReader r, NodeSelectorOperator op, List<String> values) {
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    r.error("values", "operator " + op.wireName() + " needs at least one value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    r.error("values", "operator " + op.wireName() + " takes no values, got " + values);
                }
            }
            case GT, LT, GTE, LTE -> {
                if (values.size() != 1 || !isNonNegativeLong(values.get(0))) {
                    r.error("values", "operator " + op.wireName() + " needs exactly one non-negative integer");
                }
            }
        }
    }

    private static boolean isNonNegativeLong(String text) {
        if (!NON_NEGATIVE_INTEGER.matcher(text).matches()) {
            return false;
        }
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Decodes a list of taints: key a qualified name, value empty or a valid label value (Kubernetes' rule for node
     * taints), effect one of NoSchedule, PreferNoSchedule, NoExecute (required). {@code timeAdded} is accepted and
     * dropped.
     *
     * @param list the list value
     * @return the valid taints; invalid ones are reported and left out
     */
    public static List<Taint> taints(TreeValue list) {
        List<Taint> out = new ArrayList<>();
        list.asList().ifPresent(elements -> {
            for (TreeValue element : elements) {
                element.asObject().flatMap(CoreDecoders::taint).ifPresent(out::add);
            }
        });
        return out;
    }

    private static Optional<Taint> taint(TreeReader r) {
        int before = r.diagnostics().count();
        Optional<String> key = r.requiredString("key");
        String value = r.string("value").orElse("");
        Optional<String> effectText = r.requiredString("effect");
        r.string("timeAdded");
        r.rejectUnknownFields();
        key.flatMap(KubernetesNames::qualifiedNameProblem).ifPresent(p -> r.error("key", p));
        KubernetesNames.labelValueProblem(value).ifPresent(p -> r.error("value", p));
        Optional<TaintEffect> effect = effectText.flatMap(text -> {
            Optional<TaintEffect> e = TaintEffect.fromWireName(text);
            if (e.isEmpty()) {
                r.error("effect", "effect \"" + text + "\" is not one of " + EFFECTS);
            }
            return e;
        });
        if (r.diagnostics().count() > before || key.isEmpty() || effect.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Taint(key.get(), value, effect.get()));
    }

    /**
     * Checks labels to be put on nodes (a NodePool template's labels), as Karpenter's CEL rules and {@code
     * validateLabels}: keys are qualified names, not {@code karpenter.sh/nodepool}, and outside the restricted label
     * domains unless well-known; values are valid label values; at most 100 labels.
     *
     * @param labels the labels, in document order
     * @param path the path of the labels map
     * @param diagnostics where to report
     * @return whether every label is valid
     */
    public static boolean checkNodeLabels(
            java.util.Map<String, String> labels, FieldPath path, Diagnostics diagnostics) {
        int before = diagnostics.count();
        if (labels.size() > 100) {
            diagnostics.error(path, "at most 100 labels are allowed, got " + labels.size());
        }
        labels.forEach((k, v) -> {
            FieldPath at = path.key(k);
            Optional<String> syntax = KubernetesNames.qualifiedNameProblem(k);
            if (syntax.isPresent()) {
                diagnostics.error(at, syntax.get());
            } else if (Labels.NODE_POOL.equals(k)) {
                diagnostics.error(
                        at, "label " + Labels.NODE_POOL + " is restricted: Fleetwright sets it to the NodePool's name");
            } else {
                String restriction = Labels.restrictionOf(k);
                if (restriction != null) {
                    diagnostics.error(at, restriction);
                }
            }
            KubernetesNames.labelValueProblem(v).ifPresent(p -> diagnostics.error(at, p));
        });
        return diagnostics.count() == before;
    }
}
