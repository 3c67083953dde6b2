package dev.fleetwright.simulator.workload;

import dev.fleetwright.core.api.corev1.DaemonSet;
import dev.fleetwright.core.api.corev1.Pod;
import dev.fleetwright.core.api.load.ConfigError;
import dev.fleetwright.core.api.load.NamedSource;
import dev.fleetwright.core.api.load.WorkloadLoader;
import dev.fleetwright.core.api.load.WorkloadResult;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload of a simulation, from Kubernetes manifests ({@link WorkloadLoader}) and pod traces ({@link
 * TraceWorkload}, files ending in {@code .csv}), with the EKS admission behaviour applied ({@link EksAdmission}).
 */
public final class Workloads {

    private Workloads() {}

    /**
     * A loaded workload.
     *
     * @param pending pods to place
     * @param bound pods already bound to a node in their manifest
     * @param daemonSets DaemonSets, whose pods are per-node overhead
     * @param namespaceLabels labels of Namespace objects in the manifests
     * @param errors every error, each naming file, document, object, field and rule
     * @param warnings warnings
     */
    public record Loaded(
            List<Pod> pending,
            List<Pod> bound,
            List<DaemonSet> daemonSets,
            Map<String, Map<String, String>> namespaceLabels,
            List<String> errors,
            List<String> warnings) {

        /** Copies collections. */
        public Loaded {
            pending = List.copyOf(pending);
            bound = List.copyOf(bound);
            daemonSets = List.copyOf(daemonSets);
            namespaceLabels = Map.copyOf(namespaceLabels);
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Loads files and directories: {@code *.csv} files as pod traces, everything else as manifests.
     *
     * @param paths files or directories
     * @param environment variables for {@code ${VAR}} placeholders in manifests
     * @return the workload with every error found
     */
    public static Loaded load(List<Path> paths, Map<String, String> environment) {
        List<Path> manifests = new ArrayList<>();
        List<Pod> tracePods = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path p : paths) {
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".csv")) {
                try (Reader reader = Files.newBufferedReader(p)) {
                    TraceWorkload.read(reader, p.toString()).forEach(t -> tracePods.add(t.pod()));
                } catch (IOException e) {
                    errors.add(p + ": cannot read: " + e.getMessage());
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                }
            } else {
                manifests.add(p);
            }
        }
        WorkloadResult manifestResult = manifests.isEmpty()
                ? new WorkloadLoader(environment).loadSources(List.of())
                : new WorkloadLoader(environment).load(manifests);
        return combine(manifestResult, tracePods, errors);
    }

    /**
     * Loads named manifest sources (the bundled example).
     *
     * @param sources manifests
     * @param environment variables for {@code ${VAR}} placeholders
     * @return the workload with every error found
     */
    public static Loaded load(Iterable<NamedSource> sources, Map<String, String> environment) {
        List<NamedSource> list = new ArrayList<>();
        sources.forEach(list::add);
        return combine(new WorkloadLoader(environment).loadSources(list), List.of(), List.of());
    }

    private static Loaded combine(WorkloadResult manifests, List<Pod> tracePods, List<String> traceErrors) {
        List<Pod> pending = new ArrayList<>();
        manifests.pods().forEach(p -> pending.add(EksAdmission.apply(p)));
        pending.addAll(tracePods);
        List<String> errors = new ArrayList<>(traceErrors);
        manifests.errors().stream().map(ConfigError::toString).forEach(errors::add);
        List<String> warnings = new ArrayList<>();
        manifests.warnings().stream().map(ConfigError::toString).forEach(warnings::add);
        Map<String, Map<String, String>> namespaces = new HashMap<>(manifests.namespaceLabels());
        return new Loaded(pending, manifests.boundPods(), manifests.daemonSets(), namespaces, errors, warnings);
    }
}
