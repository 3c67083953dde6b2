package dev.fleetwright.interruption;

import java.util.List;

/** Where the metrics of an invocation go: EMF log lines in Lambda ({@link PowertoolsMetricsSink}), a list in tests. */
@FunctionalInterface
public interface MetricsSink {

    /**
     * Emits metric values.
     *
     * @param data the values of one invocation
     */
    void emit(List<InterruptionMetrics.Datum> data);
}
