package dev.fleetwright.simulator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * Renders a {@link PlanReport} as a self-contained HTML page: summary, charts (cost by instance type and NodePool,
 * utilisation of the new nodes, cost of every planner strategy against the lower bound) as embedded PNG images, and
 * tables of NodeClaims and unschedulable pods.
 */
public final class HtmlReport {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 420;

    private HtmlReport() {}

    /**
     * Writes the page.
     *
     * @param r the report
     * @param file the HTML file to write
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(PlanReport r, Path file) {
        System.setProperty("java.awt.headless", "true");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fleetwright plan</title>")
                .append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left}th{background:#f3f3f3}td.n{text-align:right}.note{color:#666}</style>")
                .append("</head><body><h1>Fleetwright plan</h1>");
        html.append("<table>");
        row(html, "Pods", Integer.toString(r.pods()));
        row(html, "Scheduled", r.podsScheduled() + " (" + r.podsOnExistingNodes() + " on existing nodes)");
        row(html, "Unschedulable", Integer.toString(r.podsUnschedulable().size()));
        row(html, "New NodeClaims", Integer.toString(r.nodeClaims().size()));
        row(
                html,
                "Cost",
                money(r.costPerHourUsd()) + " per hour"
                        + (r.spotPricesEstimated() ? " (spot prices are estimates)" : ""));
        if (r.lowerBoundCostPerHourUsd() != null) {
            Double gap = r.costGapPercent();
            row(
                    html,
                    "Lower bound",
                    money(r.lowerBoundCostPerHourUsd()) + " per hour"
                            + (gap == null ? "" : String.format(Locale.ROOT, " (plan is %.1f%% above)", gap)));
        }
        row(
                html,
                "Utilisation",
                String.format(
                        Locale.ROOT,
                        "CPU %.1f%%, memory %.1f%%",
                        r.cpuUtilization() * 100,
                        r.memoryUtilization() * 100));
        row(html, "Planning time", r.planMillis() + " ms, strategy " + escape(r.strategy()));
        html.append("</table>");

        if (!r.nodeClaims().isEmpty()) {
            html.append("<h2>Cost per hour by instance type</h2>").append(image(costChart(r)));
            html.append("<h2>Utilisation of new nodes</h2>").append(image(utilisationChart(r)));
        }
        if (r.candidates().size() > 1) {
            html.append("<h2>Planner strategies</h2>").append(image(strategyChart(r)));
        }
        nodeClaimTable(r, html);
        unschedulableTable(r, html);
        html.append("<p class=\"note\">Requests include DaemonSet overhead. Prices in USD per hour; spot prices are"
                + " estimated from the Spot Instance Advisor savings.</p></body></html>");
        try {
            Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static CategoryChart costChart(PlanReport r) {
        Map<String, Map<String, Double>> byPool = new TreeMap<>();
        TreeMap<String, Double> totals = new TreeMap<>();
        for (PlanReport.NodeClaimReport c : r.nodeClaims()) {
            byPool.computeIfAbsent(c.nodePool(), k -> new TreeMap<>())
                    .merge(c.instanceType(), c.pricePerHourUsd(), Double::sum);
            totals.merge(c.instanceType(), c.pricePerHourUsd(), Double::sum);
        }
        List<String> types = new ArrayList<>(totals.keySet());
        types.sort(Comparator.comparingDouble((String t) -> -totals.get(t)));
        if (types.size() > 20) {
            types = types.subList(0, 20);
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .xAxisTitle("instance type (top 20 by cost)")
                .yAxisTitle("USD per hour")
                .build();
        chart.getStyler().setStacked(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisLabelRotation(45);
        for (Map.Entry<String, Map<String, Double>> e : byPool.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String t : types) {
                values.add(e.getValue().getOrDefault(t, 0.0));
            }
            chart.addSeries("NodePool " + e.getKey(), types, values);
        }
        return chart;
    }

    private static CategoryChart utilisationChart(PlanReport r) {
        List<String> buckets = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            buckets.add((i * 10) + "-" + (i * 10 + 10) + "%");
        }
        double[] cpu = new double[10];
        double[] memory = new double[10];
        for (PlanReport.NodeClaimReport c : r.nodeClaims()) {
            cpu[bucket(c.cpuRequestedMillis(), c.cpuAllocatableMillis())]++;
            memory[bucket(c.memoryRequestedBytes(), c.memoryAllocatableBytes())]++;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .xAxisTitle("requests / allocatable")
                .yAxisTitle("new nodes")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.addSeries("CPU", buckets, toList(cpu));
        chart.addSeries("memory", buckets, toList(memory));
        return chart;
    }

    private static CategoryChart strategyChart(PlanReport r) {
        List<String> names = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        List<Double> bound = new ArrayList<>();
        int i = 1;
        for (var c : r.candidates()) {
            names.add("#" + i++);
            costs.add(c.costPerHourUsd());
            bound.add(r.lowerBoundCostPerHourUsd() == null ? 0.0 : r.lowerBoundCostPerHourUsd());
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .xAxisTitle("strategy (see table)")
                .yAxisTitle("USD per hour")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setOverlapped(true);
        chart.addSeries("plan cost", names, costs);
        chart.addSeries("lower bound", names, bound);
        return chart;
    }

    private static void nodeClaimTable(PlanReport r, StringBuilder html) {
        if (r.nodeClaims().isEmpty()) {
            return;
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, Double> cost = new LinkedHashMap<>();
        for (PlanReport.NodeClaimReport c : r.nodeClaims()) {
            String key = c.nodePool() + "|" + c.instanceType() + "|" + c.zone() + "|" + c.capacityType();
            int[] n = counts.computeIfAbsent(key, k -> new int[2]);
            n[0]++;
            n[1] += c.pods().size();
            cost.merge(key, c.pricePerHourUsd(), Double::sum);
        }
        html.append("<h2>New NodeClaims</h2><table><tr><th>NodePool</th><th>Instance type</th><th>Zone</th>")
                .append("<th>Capacity type</th><th>Count</th><th>Pods</th><th>USD per hour</th></tr>");
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            String[] k = e.getKey().split("\\|");
            html.append("<tr><td>")
                    .append(escape(k[0]))
                    .append("</td><td>")
                    .append(escape(k[1]))
                    .append("</td><td>")
                    .append(escape(k[2]))
                    .append("</td><td>")
                    .append(escape(k[3]))
                    .append("</td><td class=\"n\">")
                    .append(e.getValue()[0])
                    .append("</td><td class=\"n\">")
                    .append(e.getValue()[1])
                    .append("</td><td class=\"n\">")
                    .append(money(cost.get(e.getKey())))
                    .append("</td></tr>");
        }
        html.append("</table>");
        html.append("<h3>Strategies tried</h3><table><tr><th>#</th><th>Strategy</th><th>Pods placed</th>")
                .append("<th>NodeClaims</th><th>USD per hour</th></tr>");
        int i = 1;
        for (var c : r.candidates()) {
            html.append("<tr><td>")
                    .append(i++)
                    .append("</td><td>")
                    .append(escape(c.strategy()))
                    .append("</td><td class=\"n\">")
                    .append(c.podsScheduled())
                    .append("</td><td class=\"n\">")
                    .append(c.nodeClaims())
                    .append("</td><td class=\"n\">")
                    .append(money(c.costPerHourUsd()))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void unschedulableTable(PlanReport r, StringBuilder html) {
        if (r.podsUnschedulable().isEmpty()) {
            return;
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (PlanReport.Unschedulable u : r.podsUnschedulable()) {
            byReason.computeIfAbsent(TextReport.generalise(u.reason()), k -> new ArrayList<>())
                    .add(u.pod());
        }
        html.append("<h2>Unschedulable pods</h2><table><tr><th>Pods</th><th>Example</th><th>Reason</th></tr>");
        byReason.entrySet().stream()
                .sorted(Comparator.comparingInt(e -> -e.getValue().size()))
                .limit(50)
                .forEach(e -> html.append("<tr><td class=\"n\">")
                        .append(e.getValue().size())
                        .append("</td><td>")
                        .append(escape(e.getValue().get(0)))
                        .append("</td><td>")
                        .append(escape(e.getKey()))
                        .append("</td></tr>"));
        html.append("</table>");
    }

    private static int bucket(long requested, long allocatable) {
        if (allocatable <= 0) {
            return 9;
        }
        int b = (int) Math.floor((double) requested / allocatable * 10);
        return Math.max(0, Math.min(9, b));
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>();
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static String image(Chart<?, ?> chart) {
        try {
            byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            return "<img alt=\"chart\" src=\"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(png) + "\">";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart", e);
        }
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>")
                .append(escape(name))
                .append("</th><td>")
                .append(value)
                .append("</td></tr>");
    }

    private static String money(double usd) {
        return String.format(Locale.ROOT, "$%.4f", usd);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
