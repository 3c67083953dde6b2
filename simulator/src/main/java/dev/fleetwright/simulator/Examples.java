package dev.fleetwright.simulator;

import dev.fleetwright.core.api.load.NamedSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The example configuration and workload bundled in the command line (copied from {@code examples/} at build time),
 * which {@code fleetwright simulate} plans when given no options.
 */
public final class Examples {

    /** The bundled NodePool and EC2NodeClass files, relative to {@code examples/}. */
    public static final List<String> NODE_POOLS =
            List.of("nodepools/general-and-batch/ec2nodeclass.yaml", "nodepools/general-and-batch/nodepools.yaml");

    /** The bundled workload files, relative to {@code examples/}. */
    public static final List<String> WORKLOADS = List.of("workloads/inflate.yaml", "workloads/batch-job.yaml");

    private static final String ROOT = "/dev/fleetwright/simulator/examples/";

    private Examples() {}

    /** The bundled NodePools and EC2NodeClass. */
    public static List<NamedSource> nodePools() {
        return read(NODE_POOLS);
    }

    /** The bundled workload manifests. */
    public static List<NamedSource> workloads() {
        return read(WORKLOADS);
    }

    private static List<NamedSource> read(List<String> names) {
        List<NamedSource> sources = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = Examples.class.getResourceAsStream(ROOT + name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled example " + name + " is missing from the jar");
                }
                sources.add(new NamedSource("examples/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundled example " + name, e);
            }
        }
        return sources;
    }
}
