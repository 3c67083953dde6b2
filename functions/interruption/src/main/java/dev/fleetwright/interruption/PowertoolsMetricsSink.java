package dev.fleetwright.interruption;

import java.util.List;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Writes each value as one CloudWatch embedded-metric-format log line through Powertools' {@code flushSingleMetric}:
 * the metrics of an invocation carry different dimension values (several clusters, several message types), which one
 * EMF document cannot hold.
 */
public final class PowertoolsMetricsSink implements MetricsSink {

    private final Metrics metrics;
    private final String namespace;

    /**
     * @param metrics Powertools' metrics instance ({@code MetricsFactory.getMetricsInstance()})
     * @param namespace the CloudWatch namespace
     */
    public PowertoolsMetricsSink(Metrics metrics, String namespace) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    @Override
    public void emit(List<InterruptionMetrics.Datum> data) {
        for (InterruptionMetrics.Datum d : data) {
            MetricUnit unit = switch (d.unit()) {
                case COUNT -> MetricUnit.COUNT;
                case SECONDS -> MetricUnit.SECONDS;
            };
            metrics.flushSingleMetric(d.name(), d.value(), unit, namespace, DimensionSet.of(d.dimensions()));
        }
    }
}
