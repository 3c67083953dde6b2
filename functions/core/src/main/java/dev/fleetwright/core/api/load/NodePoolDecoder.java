package dev.fleetwright.core.api.load;

import dev.fleetwright.core.api.Budget;
import dev.fleetwright.core.api.BudgetNodes;
import dev.fleetwright.core.api.BudgetWindow;
import dev.fleetwright.core.api.ConsolidationPolicy;
import dev.fleetwright.core.api.CronSchedule;
import dev.fleetwright.core.api.Disruption;
import dev.fleetwright.core.api.DisruptionReason;
import dev.fleetwright.core.api.Durations;
import dev.fleetwright.core.api.Limits;
import dev.fleetwright.core.api.NillableDuration;
import dev.fleetwright.core.api.NodeClaimTemplate;
import dev.fleetwright.core.api.NodeClaimTemplateSpec;
import dev.fleetwright.core.api.NodeClassReference;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.NodePoolSpec;
import dev.fleetwright.core.api.corev1.NodeSelectorRequirement;
import dev.fleetwright.core.api.corev1.ObjectMeta;
import dev.fleetwright.core.api.corev1.Quantity;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.corev1.Taint;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes a {@code karpenter.sh/v1} NodePool tree into a {@link NodePool}, applying Karpenter's defaults and checking
 * Karpenter's rules ([K] pkg/apis/v1/nodepool.go markers and CEL, nodepool_validation.go, nodeclaim_validation.go).
 * Reports every problem; returns a NodePool only when there is none.
 */
public final class NodePoolDecoder {

    /** Karpenter's pattern for {@code expireAfter} and {@code consolidateAfter}. */
    static final Pattern DURATION_OR_NEVER = Pattern.compile("^(([0-9]+(s|m|h))+|Never)$");

    /** Karpenter's pattern for {@code terminationGracePeriod}. */
    static final Pattern DURATION = Pattern.compile("^([0-9]+(s|m|h))+$");

    /** Karpenter's pattern for a budget's {@code duration}: minutes and hours, with an optional trailing {@code 0s}. */
    static final Pattern BUDGET_DURATION = Pattern.compile("^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$");

    /** The most budgets (and reasons per budget) Karpenter accepts. */
    static final int MAX_BUDGETS = 50;

    private static final Map<String, String> MOVED_TEMPLATE_SPEC_FIELDS = Map.of(
            "kubelet", "kubelet moved to the EC2NodeClass (spec.kubelet) in karpenter.sh/v1",
            "resources", "resources are set on NodeClaims by the scheduler, not in a NodePool template");

    private static final Map<String, String> MOVED_DISRUPTION_FIELDS =
            Map.of("expireAfter", "expireAfter moved to spec.template.spec.expireAfter in karpenter.sh/v1");

    private static final Map<String, String> UNSUPPORTED_SPEC_FIELDS =
            Map.of("replicas", "static NodePools (spec.replicas, alpha in Karpenter) are not supported by Fleetwright");

    private NodePoolDecoder() {}

    /**
     * Decodes one NodePool document.
     *
     * @param document the document (its {@code apiVersion} and {@code kind} are the caller's business)
     * @param diagnostics where to report, stamped with the document's source, index, kind and name
     * @return the NodePool, or empty when any error was reported
     */
    public static Optional<NodePool> decode(SourceDocument document, Diagnostics diagnostics) {
        Optional<TreeReader> rootReader = TreeReader.root(document.tree(), diagnostics);
        if (rootReader.isEmpty()) {
            return Optional.empty();
        }
        TreeReader root = rootReader.get();
        root.ignore("apiVersion", "kind", "status");
        Optional<ObjectMeta> metadata = ObjectMetaDecoder.decode(root);
        metadata.ifPresent(m -> {
            if (m.name().length() > 63) {
                root.diagnostics()
                        .error(
                                root.pathOf("metadata").child("name"),
                                "a NodePool name is the value of the karpenter.sh/nodepool label, so it may have at"
                                        + " most 63 characters");
            }
        });
        Optional<NodePoolSpec> spec = root.requiredObject("spec").flatMap(NodePoolDecoder::spec);
        root.rejectUnknownFields();
        if (diagnostics.hasErrors() || metadata.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodePool(metadata.get(), spec.get()));
    }

    private static Optional<NodePoolSpec> spec(TreeReader spec) {
        Optional<NodeClaimTemplate> template = spec.requiredObject("template").flatMap(NodePoolDecoder::template);
        Disruption disruption =
                spec.object("disruption").map(NodePoolDecoder::disruption).orElse(Disruption.DEFAULT);
        Limits limits = spec.field("limits").map(NodePoolDecoder::limits).orElse(Limits.NONE);
        Optional<Integer> weight = spec.integer("weight");
        weight.ifPresent(w -> {
            if (w < NodePoolSpec.MIN_WEIGHT || w > NodePoolSpec.MAX_WEIGHT) {
                spec.error("weight", "weight must be within 1..100, got " + w);
            }
        });
        spec.rejectUnknownFields(UNSUPPORTED_SPEC_FIELDS);
        if (spec.diagnostics().hasErrors() || template.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodePoolSpec(template.get(), disruption, limits, weight.orElse(null)));
    }

    private static Optional<NodeClaimTemplate> template(TreeReader template) {
        Map<String, String> labels = Map.of();
        Map<String, String> annotations = Map.of();
        Optional<TreeReader> metadata = template.object("metadata");
        if (metadata.isPresent()) {
            TreeReader m = metadata.get();
            labels = m.stringMap("labels").orElse(Map.of());
            CoreDecoders.checkNodeLabels(labels, m.pathOf("labels"), m.diagnostics());
            annotations = m.stringMap("annotations").orElse(Map.of());
            m.rejectUnknownFields();
        }
        Optional<NodeClaimTemplateSpec> spec = template.requiredObject("spec").flatMap(NodePoolDecoder::templateSpec);
        template.rejectUnknownFields();
        Map<String, String> finalLabels = labels;
        Map<String, String> finalAnnotations = annotations;
        return spec.map(s -> new NodeClaimTemplate(finalLabels, finalAnnotations, s));
    }

    private static Optional<NodeClaimTemplateSpec> templateSpec(TreeReader spec) {
        int before = spec.diagnostics().count();
        List<NodeSelectorRequirement> requirements = spec.requiredField("requirements")
                .map(CoreDecoders::requirements)
                .orElse(List.of());
        List<Taint> taints = spec.field("taints").map(CoreDecoders::taints).orElse(List.of());
        List<Taint> startupTaints =
                spec.field("startupTaints").map(CoreDecoders::taints).orElse(List.of());
        checkDuplicateTaints(spec, taints, startupTaints);
        Optional<NodeClassReference> nodeClassRef =
                spec.requiredObject("nodeClassRef").flatMap(NodePoolDecoder::nodeClassRef);
        NillableDuration expireAfter = spec.string("expireAfter")
                .flatMap(text -> nillableDuration(spec, "expireAfter", text))
                .orElse(NodeClaimTemplateSpec.DEFAULT_EXPIRE_AFTER);
        NillableDuration terminationGracePeriod = spec.string("terminationGracePeriod")
                .flatMap(text -> {
                    if (!DURATION.matcher(text).matches()) {
                        spec.error(
                                "terminationGracePeriod",
                                "\"" + text
                                        + "\" is not a duration like 30s, 5m, 24h or 1h30m (Never is not allowed here; leave the"
                                        + " field out to wait forever)");
                        return Optional.empty();
                    }
                    return Optional.of(NillableDuration.of(Durations.parseKarpenter(text)));
                })
                .orElse(NodeClaimTemplateSpec.DEFAULT_TERMINATION_GRACE_PERIOD);
        spec.rejectUnknownFields(MOVED_TEMPLATE_SPEC_FIELDS);
        if (spec.diagnostics().count() > before || nodeClassRef.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeClaimTemplateSpec(
                requirements, taints, startupTaints, nodeClassRef.get(), expireAfter, terminationGracePeriod));
    }

    private static void checkDuplicateTaints(TreeReader spec, List<Taint> taints, List<Taint> startupTaints) {
        Map<String, String> seen = new HashMap<>();
        String[] fields = {"taints", "startupTaints"};
        List<List<Taint>> lists = List.of(taints, startupTaints);
        for (int f = 0; f < 2; f++) {
            List<Taint> list = lists.get(f);
            for (int i = 0; i < list.size(); i++) {
                Taint t = list.get(i);
                String keyEffect = t.key() + ":" + t.effect().wireName();
                String where = fields[f] + "[" + i + "]";
                String previous = seen.putIfAbsent(keyEffect, where);
                if (previous != null) {
                    spec.diagnostics()
                            .error(
                                    spec.pathOf(fields[f]).index(i),
                                    "duplicate taint key/effect pair " + keyEffect + " (also " + previous + ")");
                }
            }
        }
    }

    private static Optional<NodeClassReference> nodeClassRef(TreeReader ref) {
        Optional<String> group = ref.requiredString("group");
        Optional<String> kind = ref.requiredString("kind");
        Optional<String> name = ref.requiredString("name");
        ref.rejectUnknownFields(
                Map.of("apiVersion", "nodeClassRef.apiVersion was replaced by nodeClassRef.group in karpenter.sh/v1"));
        group.filter(g -> !NodeClassReference.EC2_GROUP.equals(g))
                .ifPresent(g -> ref.error(
                        "group",
                        "group \"" + g + "\" is not supported; Fleetwright launches nodes"
                                + " from EC2NodeClasses (group " + NodeClassReference.EC2_GROUP + ")"));
        kind.filter(k -> !NodeClassReference.EC2_KIND.equals(k))
                .ifPresent(k -> ref.error(
                        "kind",
                        "kind \"" + k + "\" is not supported; Fleetwright launches nodes"
                                + " from EC2NodeClasses (kind " + NodeClassReference.EC2_KIND + ")"));
        if (group.isEmpty() || kind.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeClassReference(group.get(), kind.get(), name.get()));
    }

    private static Optional<NillableDuration> nillableDuration(TreeReader r, String field, String text) {
        if (!DURATION_OR_NEVER.matcher(text).matches()) {
            r.error(field, "\"" + text + "\" is neither Never nor a duration like 30s, 5m, 720h or 1h30m");
            return Optional.empty();
        }
        try {
            return Optional.of(NillableDuration.parse(text));
        } catch (IllegalArgumentException e) {
            r.error(field, e.getMessage());
            return Optional.empty();
        }
    }

    private static Disruption disruption(TreeReader d) {
        int before = d.diagnostics().count();
        ConsolidationPolicy policy = d.string("consolidationPolicy")
                .flatMap(text -> {
                    Optional<ConsolidationPolicy> p = ConsolidationPolicy.fromWireName(text);
                    if (p.isEmpty()) {
                        d.error(
                                "consolidationPolicy",
                                "consolidationPolicy \"" + text
                                        + "\" is not one of WhenEmpty, WhenEmptyOrUnderutilized"
                                        + ("WhenUnderutilized".equals(text)
                                                ? " (WhenUnderutilized was renamed WhenEmptyOrUnderutilized in karpenter.sh/v1)"
                                                : ""));
                    }
                    return p;
                })
                .orElse(Disruption.DEFAULT_CONSOLIDATION_POLICY);
        Optional<String> consolidateAfterText = d.string("consolidateAfter");
        if (consolidateAfterText.isEmpty() && !d.has("consolidateAfter")) {
            d.error(
                    "consolidateAfter",
                    "required when spec.disruption is set (Karpenter defaults it to 0s only when"
                            + " the whole disruption block is absent)");
        }
        NillableDuration consolidateAfter = consolidateAfterText
                .flatMap(text -> nillableDuration(d, "consolidateAfter", text))
                .orElse(Disruption.DEFAULT_CONSOLIDATE_AFTER);
        List<Budget> budgets = d.field("budgets").map(NodePoolDecoder::budgets).orElse(List.of(Budget.DEFAULT));
        d.string("consolidateWhen").ifPresent(text -> {
            switch (text) {
                case "WhenEmpty", "WhenEmptyOrUnderutilized" -> {
                    // Newer Karpenter CRDs default this field; Fleetwright follows consolidationPolicy.
                }
                case "WhenCostJustifiesDisruption" ->
                    d.error(
                            "consolidateWhen",
                            "consolidateWhen WhenCostJustifiesDisruption is not supported by Fleetwright");
                default ->
                    d.error(
                            "consolidateWhen",
                            "consolidateWhen \"" + text
                                    + "\" is not one of WhenEmpty, WhenEmptyOrUnderutilized, WhenCostJustifiesDisruption");
            }
        });
        d.field("decisionRatioThreshold").flatMap(TreeValue::asNumber).ifPresent(n -> {
            if (n.signum() <= 0) {
                d.error("decisionRatioThreshold", "decisionRatioThreshold must be greater than 0, got " + n);
            }
        });
        d.rejectUnknownFields(MOVED_DISRUPTION_FIELDS);
        if (d.diagnostics().count() > before) {
            return Disruption.DEFAULT;
        }
        return new Disruption(policy, consolidateAfter, budgets);
    }

    private static List<Budget> budgets(TreeValue value) {
        List<Budget> out = new ArrayList<>();
        value.asList().ifPresent(elements -> {
            if (elements.size() > MAX_BUDGETS) {
                value.error("at most " + MAX_BUDGETS + " budgets are allowed, got " + elements.size());
            }
            for (TreeValue element : elements) {
                element.asObject().flatMap(NodePoolDecoder::budget).ifPresent(out::add);
            }
        });
        return out;
    }

    private static Optional<Budget> budget(TreeReader b) {
        int before = b.diagnostics().count();
        BudgetNodes nodes = b.string("nodes")
                .flatMap(text -> {
                    try {
                        return Optional.of(BudgetNodes.parse(text));
                    } catch (IllegalArgumentException e) {
                        b.error(
                                "nodes",
                                "\"" + text + "\" is not a node count (5) or a percentage from 0% to 100%"
                                        + " (pattern ^((100|[0-9]{1,2})%|[0-9]+)$)");
                        return Optional.empty();
                    }
                })
                .orElse(Budget.DEFAULT.nodes());
        Optional<String> scheduleText = b.string("schedule");
        Optional<String> durationText = b.string("duration");
        Optional<CronSchedule> schedule = scheduleText.flatMap(text -> {
            try {
                return Optional.of(CronSchedule.parse(text));
            } catch (IllegalArgumentException e) {
                b.error("schedule", e.getMessage());
                return Optional.empty();
            }
        });
        Optional<Duration> duration = durationText.flatMap(text -> {
            if (!BUDGET_DURATION.matcher(text).matches()) {
                b.error(
                        "duration",
                        "\"" + text + "\" is not a duration in minutes and hours like 30m, 8h or 1h30m"
                                + " (cron schedules do not work in seconds)");
                return Optional.empty();
            }
            return Optional.of(Durations.parseKarpenter(text));
        });
        if (scheduleText.isPresent() != durationText.isPresent()) {
            b.error("'schedule' must be set with 'duration'");
        }
        Set<DisruptionReason> reasons = EnumSet.noneOf(DisruptionReason.class);
        b.list("reasons").ifPresent(list -> {
            if (list.size() > MAX_BUDGETS) {
                b.error("reasons", "at most " + MAX_BUDGETS + " reasons are allowed, got " + list.size());
            }
            for (TreeValue element : list) {
                element.asString().ifPresent(text -> {
                    Optional<DisruptionReason> reason =
                            DisruptionReason.fromWireName(text).filter(DisruptionReason::isBudgeted);
                    if (reason.isEmpty()) {
                        element.error("reason \"" + text + "\" is not one of Underutilized, Empty, Drifted");
                    } else {
                        reasons.add(reason.get());
                    }
                });
            }
        });
        b.rejectUnknownFields();
        if (b.diagnostics().count() > before) {
            return Optional.empty();
        }
        BudgetWindow window =
                schedule.isPresent() && duration.isPresent() ? new BudgetWindow(schedule.get(), duration.get()) : null;
        return Optional.of(new Budget(nodes, window, reasons));
    }

    private static Limits limits(TreeValue value) {
        Optional<Map<String, TreeValue>> entries = value.asMap();
        if (entries.isEmpty()) {
            return Limits.NONE;
        }
        Resources resources = Resources.NONE;
        Set<String> limited = new LinkedHashSet<>();
        OptionalLong nodes = OptionalLong.empty();
        for (Map.Entry<String, TreeValue> e : entries.get().entrySet()) {
            String name = e.getKey();
            TreeValue v = e.getValue();
            if (name.isEmpty()) {
                v.error("resource name must not be empty");
                continue;
            }
            if (Limits.NODES.equals(name)) {
                Optional<String> text = v.asIntOrString();
                if (text.isPresent()) {
                    try {
                        BigDecimal n = new BigDecimal(text.get());
                        long count = n.toBigIntegerExact().longValueExact();
                        if (count < 0) {
                            throw new ArithmeticException("negative");
                        }
                        nodes = OptionalLong.of(count);
                    } catch (ArithmeticException | NumberFormatException ex) {
                        v.error("the node limit must be a non-negative whole number, got \"" + text.get() + "\"");
                    }
                }
                continue;
            }
            Optional<String> text = v.asIntOrString();
            if (text.isEmpty()) {
                continue;
            }
            try {
                Quantity q = Quantity.parse(text.get());
                if (q.isNegative()) {
                    v.error("a limit must not be negative, got \"" + text.get() + "\"");
                    continue;
                }
                long amount = Resources.CPU.equals(name) ? q.toMillisCeil() : q.toUnitsCeil();
                resources = resources.with(name, amount);
                limited.add(name);
            } catch (IllegalArgumentException | ArithmeticException ex) {
                v.error(ex.getMessage());
            }
        }
        return new Limits(resources, limited, nodes);
    }
}
