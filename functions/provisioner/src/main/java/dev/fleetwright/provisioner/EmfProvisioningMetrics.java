package dev.fleetwright.provisioner;

import java.util.List;
import java.util.Objects;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * {@link ProvisioningMetrics} as CloudWatch embedded metric format log lines, through Powertools metrics: one EMF
 * document per cluster, in the configured namespace, with the single dimension {@value #CLUSTER_DIMENSION}.
 *
 * <p>Each document is a fresh metrics context from the {@link MetricsProvider} that {@code MetricsFactory} uses by
 * default ({@link EmfMetricsProvider}), flushed at once. Not the {@code MetricsFactory} singleton: its request-scoped
 * proxy keeps one context per X-Ray trace ID until {@code flush()}, which would mix the dimensions of the clusters of
 * one batch and, without a final flush, keep a context per invocation for the life of the environment.
 */
public final class EmfProvisioningMetrics implements ProvisioningMetrics {

    private final MetricsProvider provider;
    private final String namespace;

    /**
     * @param provider makes one metrics context per document, for example {@link EmfMetricsProvider}
     * @param namespace the CloudWatch namespace
     */
    public EmfProvisioningMetrics(MetricsProvider provider, String namespace) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** Metrics through Powertools' EMF provider in {@code namespace}. */
    public static EmfProvisioningMetrics emf(String namespace) {
        return new EmfProvisioningMetrics(new EmfMetricsProvider(), namespace);
    }

    @Override
    public void publish(String cluster, List<Measurement> measurements) {
        Metrics metrics = provider.getMetricsInstance();
        metrics.setNamespace(namespace);
        metrics.setDefaultDimensions(DimensionSet.of(CLUSTER_DIMENSION, cluster));
        for (Measurement m : measurements) {
            metrics.addMetric(m.name(), m.value(), m.unit());
        }
        metrics.flush();
    }
}
