package dev.fleetwright.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the given command-line options, writes JMH's JSON result, and writes a Markdown table with the score
 * of every benchmark and the derived pods per second ({@code pods / (ms per solve / 1000)}: the benchmarks measure
 * milliseconds per solve, and pods/s is computed here, not with {@code @OperationsPerInvocation}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.fleetwright.bench.BenchMain RESULT.json SUMMARY.md [JMH options]}
 */
public final class BenchMain {

    private BenchMain() {}

    /**
     * @param args the JSON path, the Markdown path, then JMH options (for example {@code -f 1 -wi 2 -i 3})
     * @throws RunnerException if JMH fails
     * @throws IOException if the summary cannot be written
     * @throws CommandLineOptionException if the JMH options are invalid
     */
    public static void main(String[] args) throws RunnerException, IOException, CommandLineOptionException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: BenchMain RESULT.json SUMMARY.md [JMH options]");
        }
        Path json = Paths.get(args[0]);
        Path markdown = Paths.get(args[1]);
        CommandLineOptions cmd = new CommandLineOptions(Arrays.copyOfRange(args, 2, args.length));
        Options options = new OptionsBuilder()
                .parent(cmd)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Files.writeString(markdown, table(results), StandardCharsets.UTF_8);
    }

    /** The Markdown table of the results, in run order. */
    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("| benchmark | params | ms per solve: mean ± 99.9% CI | median | min | samples | pods per solve"
                + " | pods/s (mean) | pods/s (median) |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult run : results) {
            String benchmark = run.getParams().getBenchmark();
            String shortName = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            List<String> params = new ArrayList<>();
            for (String key : run.getParams().getParamsKeys()) {
                params.add(key + "=" + run.getParams().getParam(key));
            }
            Result<?> primary = run.getPrimaryResult();
            double msPerOp = toMillis(primary.getScore(), primary.getScoreUnit());
            double errorMs = toMillis(primary.getScoreError(), primary.getScoreUnit());
            double medianMs = toMillis(primary.getStatistics().getPercentile(50), primary.getScoreUnit());
            double minMs = toMillis(primary.getStatistics().getMin(), primary.getScoreUnit());
            long pods = podsPerSolve(benchmark, run);
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s ± %s | %s | %s | %d | %d | %s | %s |%n",
                    shortName,
                    String.join(", ", params),
                    millis(msPerOp),
                    Double.isNaN(errorMs) ? "n/a" : millis(errorMs),
                    millis(medianMs),
                    millis(minMs),
                    primary.getStatistics().getN(),
                    pods,
                    podsPerSecond(pods, msPerOp),
                    podsPerSecond(pods, medianMs)));
        }
        return out.toString();
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.3f" : "%.1f", ms);
    }

    private static String podsPerSecond(long pods, double ms) {
        return pods > 0 && ms > 0 ? String.format(Locale.ROOT, "%.0f", pods / (ms / 1000)) : "n/a";
    }

    private static double toMillis(double value, String unit) {
        return switch (unit) {
            case "ms/op" -> value;
            case "s/op" -> value * 1000;
            case "us/op" -> value / 1000;
            case "ns/op" -> value / 1_000_000;
            default -> throw new IllegalArgumentException("unexpected score unit " + unit + " (run in AverageTime)");
        };
    }

    private static long podsPerSolve(String benchmark, RunResult run) {
        if (benchmark.contains("TracePlanBenchmark")) {
            return TracePlanBenchmark.workloadPods(run.getParams().getParam("workload"), Integer.MAX_VALUE)
                    .size();
        }
        String pods = run.getParams().getParam("pods");
        return pods == null ? 0 : Long.parseLong(pods);
    }
}
