package dev.fleetwright.simulator.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link PlanReport} as the readable summary {@code fleetwright simulate} prints. */
public final class TextReport {

    /** At most this many distinct unschedulable reasons are printed; the rest are counted. */
    static final int MAX_REASONS = 10;

    private TextReport() {}

    /**
     * A reason without the per-pod request amounts, so pods that fail for the same reason group together (the JSON
     * output keeps the exact reasons).
     */
    static String generalise(String reason) {
        return reason.replaceAll("resources=\\{[^}]*\\}", "resources={...}");
    }

    /** A group of identical NodeClaims in the summary table. */
    private record Row(String nodePool, String instanceType, String zone, String capacityType) {}

    /**
     * Prints the summary.
     *
     * @param r the report
     * @param out where to print
     */
    public static void print(PlanReport r, PrintWriter out) {
        out.printf(
                Locale.ROOT,
                "Fleetwright plan: %d pods, %d scheduled (%d on existing nodes), %d unschedulable"
                        + " (planned in %d ms, strategy: %s)%n%n",
                r.pods(),
                r.podsScheduled(),
                r.podsOnExistingNodes(),
                r.podsUnschedulable().size(),
                r.planMillis(),
                r.strategy());
        Map<Row, List<PlanReport.NodeClaimReport>> rows = new TreeMap<>(Comparator.comparing(Row::nodePool)
                .thenComparing(Row::instanceType)
                .thenComparing(Row::zone)
                .thenComparing(Row::capacityType));
        for (PlanReport.NodeClaimReport c : r.nodeClaims()) {
            rows.computeIfAbsent(
                            new Row(c.nodePool(), c.instanceType(), c.zone(), c.capacityType()), k -> new ArrayList<>())
                    .add(c);
        }
        if (rows.isEmpty()) {
            out.println("No new NodeClaims.");
        } else {
            out.println("New NodeClaims");
            String format = "  %-16s %-18s %-12s %-10s %6s %7s %11s %12s%n";
            out.printf(
                    Locale.ROOT,
                    format,
                    "NODEPOOL",
                    "INSTANCE TYPE",
                    "ZONE",
                    "CAPACITY",
                    "COUNT",
                    "PODS",
                    "$/H EACH",
                    "$/H");
            for (Map.Entry<Row, List<PlanReport.NodeClaimReport>> e : rows.entrySet()) {
                List<PlanReport.NodeClaimReport> claims = e.getValue();
                int pods = claims.stream().mapToInt(c -> c.pods().size()).sum();
                double each = claims.get(0).pricePerHourUsd();
                boolean estimated = claims.get(0).priceEstimated();
                out.printf(
                        Locale.ROOT,
                        format,
                        e.getKey().nodePool(),
                        e.getKey().instanceType(),
                        e.getKey().zone(),
                        e.getKey().capacityType(),
                        claims.size(),
                        pods,
                        String.format(Locale.ROOT, "%.4f%s", each, estimated ? "*" : ""),
                        String.format(Locale.ROOT, "%.4f", each * claims.size()));
            }
            out.println();
        }
        out.printf(
                Locale.ROOT,
                "Cost:          $%.4f per hour for %d new NodeClaims%n",
                r.costPerHourUsd(),
                r.nodeClaims().size());
        if (r.lowerBoundCostPerHourUsd() != null) {
            Double gap = r.costGapPercent();
            out.printf(
                    Locale.ROOT,
                    "Lower bound:   $%.4f per hour (no plan for these pods per NodePool can cost less)%s%n",
                    r.lowerBoundCostPerHourUsd(),
                    gap == null ? "" : String.format(Locale.ROOT, ", plan is %.1f%% above it", gap));
        }
        if (!r.nodeClaims().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "Utilisation:   CPU %.1f%%, memory %.1f%% (pod and DaemonSet requests / allocatable of new nodes)%n",
                    r.cpuUtilization() * 100,
                    r.memoryUtilization() * 100);
        }
        if (r.spotPricesEstimated()) {
            out.println("               * spot prices are estimates: on-demand price x (1 - Spot Advisor savings)");
        }
        if (!r.podsUnschedulable().isEmpty()) {
            out.printf(
                    Locale.ROOT,
                    "%nUnschedulable pods (%d), by reason:%n",
                    r.podsUnschedulable().size());
            Map<String, List<String>> byReason = new LinkedHashMap<>();
            for (PlanReport.Unschedulable u : r.podsUnschedulable()) {
                byReason.computeIfAbsent(generalise(u.reason()), k -> new ArrayList<>())
                        .add(u.pod());
            }
            List<Map.Entry<String, List<String>>> sorted = new ArrayList<>(byReason.entrySet());
            sorted.sort(Comparator.comparingInt(
                    (Map.Entry<String, List<String>> e) -> -e.getValue().size()));
            for (int i = 0; i < sorted.size() && i < MAX_REASONS; i++) {
                List<String> pods = sorted.get(i).getValue();
                String who = pods.size() == 1 ? pods.get(0) : pods.get(0) + " and " + (pods.size() - 1) + " more";
                out.printf(
                        Locale.ROOT,
                        "  %5d  %s%n         %s%n",
                        pods.size(),
                        who,
                        sorted.get(i).getKey());
            }
            if (sorted.size() > MAX_REASONS) {
                int rest = sorted.subList(MAX_REASONS, sorted.size()).stream()
                        .mapToInt(e -> e.getValue().size())
                        .sum();
                out.printf(
                        Locale.ROOT,
                        "  %5d  pods with %d other reasons (see --json)%n",
                        rest,
                        sorted.size() - MAX_REASONS);
            }
        }
        out.flush();
    }
}
