package dev.fleetwright.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fleetwright.core.api.Ec2NodeClass;
import dev.fleetwright.core.api.NodePool;
import dev.fleetwright.core.api.corev1.Resources;
import dev.fleetwright.core.api.load.ConfigError;
import dev.fleetwright.core.api.load.ConfigLoader;
import dev.fleetwright.core.api.load.EnvironmentSubstitution;
import dev.fleetwright.core.api.load.LegacyConverter;
import dev.fleetwright.core.api.load.LoadResult;
import dev.fleetwright.core.cloudprovider.InstanceType;
import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import dev.fleetwright.core.cloudprovider.NodeOverheadSettings;
import dev.fleetwright.core.scheduling.NodeClaimTemplate;
import dev.fleetwright.core.scheduling.Planner;
import dev.fleetwright.simulator.report.HtmlReport;
import dev.fleetwright.simulator.report.PlanReport;
import dev.fleetwright.simulator.report.TextReport;
import dev.fleetwright.simulator.workload.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleetwright simulate}: plans capacity for a workload with the same scheduler the provisioner Lambda runs, on
 * the bundled EC2 catalog, and reports NodeClaims, cost against a lower bound, utilisation and unschedulable pods.
 *
 * <p>Exit status: 0 when a plan was made (even with unschedulable pods, which the report lists), 1 when the
 * configuration or workload is invalid (every error printed to standard error), 2 for usage errors.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Show what Fleetwright would launch for a workload and what it costs.",
            "Without options it plans the bundled example: examples/nodepools/general-and-batch with"
                    + " examples/workloads/inflate.yaml and batch-job.yaml."
        })
public final class SimulateCommand implements Callable<Integer> {

    /** Workloads of at least this many pods show a progress bar on standard error. */
    static final int PROGRESS_THRESHOLD_PODS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--nodepools",
            paramLabel = "PATH",
            description = "NodePool and EC2NodeClass YAML: a file or a directory (default: the bundled example)")
    Path nodePools;

    @Option(
            names = "--workload",
            paramLabel = "PATH",
            description = "Kubernetes manifests (file or directory) or a pod trace (*.csv); repeatable"
                    + " (default: the bundled example)")
    List<Path> workloads = new ArrayList<>();

    @Option(
            names = "--catalog",
            paramLabel = "PATH",
            description = "an instance catalog snapshot in Fleetwright's TSV format (default: the bundled us-east-1"
                    + " catalog)")
    Path catalog;

    @Option(names = "--json", paramLabel = "FILE", description = "write the plan as JSON")
    Path json;

    @Option(names = "--report", paramLabel = "FILE.html", description = "write an HTML report with charts")
    Path report;

    @Option(names = "--karpenter-only", description = "use Karpenter's rule only (no cost-optimising variants)")
    boolean karpenterOnly;

    @Option(names = "--no-progress", description = "never show a progress bar")
    boolean noProgress;

    private final Map<String, String> environment;

    /** @param environment the variables for {@code ${VAR}} placeholders, not null */
    public SimulateCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        // Deploy-time values (cluster name, AMI IDs) do not change the plan: unset ones are warnings here.
        ConfigLoader loader =
                new ConfigLoader(environment, LegacyConverter.KARPENTER, EnvironmentSubstitution.UnsetVariables.KEEP);
        LoadResult config =
                nodePools == null ? loader.loadSources(Examples.nodePools()) : loader.load(List.of(nodePools));
        config.warnings().forEach(w -> err.println("warning: " + w));
        Workloads.Loaded workload = workloads.isEmpty()
                ? Workloads.load(Examples.workloads(), environment)
                : Workloads.load(workloads, environment);
        workload.warnings().forEach(w -> err.println("warning: " + w));
        List<String> errors = new ArrayList<>();
        config.errors().stream().map(ConfigError::toString).forEach(errors::add);
        errors.addAll(workload.errors());
        if (config.nodePools().isEmpty() && config.errors().isEmpty()) {
            errors.add((nodePools == null ? "bundled example" : nodePools) + ": no NodePool found");
        }
        if (!errors.isEmpty()) {
            errors.forEach(err::println);
            err.printf("%d error(s); nothing was planned.%n", errors.size());
            err.flush();
            return 1;
        }

        InstanceTypeCatalog instanceCatalog = catalog == null ? InstanceTypeCatalog.bundled() : loadCatalog(catalog);
        List<NodeClaimTemplate> templates = templates(config, instanceCatalog);
        Planner planner =
                new Planner(templates, List.of(), workload.daemonSets(), workload.namespaceLabels(), !karpenterOnly);

        long start = System.nanoTime();
        Planner.Plan plan;
        if (!noProgress && workload.pending().size() >= PROGRESS_THRESHOLD_PODS) {
            try (ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName("Planning " + workload.pending().size() + " pods")
                    .setInitialMax(1)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUnit(" strategies", 1)
                    .build()) {
                plan = planner.plan(workload.pending(), (candidate, done, total) -> {
                    bar.maxHint(total);
                    bar.stepTo(done);
                    bar.setExtraMessage(candidate.strategy());
                });
            }
        } else {
            plan = planner.plan(workload.pending());
        }
        long planMillis = (System.nanoTime() - start) / 1_000_000;

        PlanReport planReport = PlanReport.of(plan, workload.pending().size(), planMillis);
        TextReport.print(planReport, out);
        if (json != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), planReport);
            out.println("Wrote " + json);
        }
        if (report != null) {
            HtmlReport.write(planReport, report);
            out.println("Wrote " + report);
        }
        out.flush();
        return 0;
    }

    /** One template per NodePool, with the instance types its EC2NodeClass resolves to (resolved once per class). */
    static List<NodeClaimTemplate> templates(LoadResult config, InstanceTypeCatalog catalog) {
        Map<String, List<InstanceType>> byClass = new HashMap<>();
        List<NodeClaimTemplate> templates = new ArrayList<>();
        for (NodePool pool : config.nodePools()) {
            Ec2NodeClass nodeClass =
                    config.nodeClass(pool.nodeClassRef().name()).orElseThrow();
            List<InstanceType> types = byClass.computeIfAbsent(
                    nodeClass.name(), n -> catalog.resolveAll(NodeOverheadSettings.of(nodeClass)));
            templates.add(NodeClaimTemplate.of(pool, types, Resources.NONE, 0));
        }
        return templates;
    }

    private static InstanceTypeCatalog loadCatalog(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path)) {
            return InstanceTypeCatalog.load(reader, path.toString());
        }
    }
}
