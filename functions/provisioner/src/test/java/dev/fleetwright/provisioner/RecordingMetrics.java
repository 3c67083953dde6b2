package dev.fleetwright.provisioner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/** A {@link ProvisioningMetrics} that keeps every publication, for assertions. */
final class RecordingMetrics implements ProvisioningMetrics {

    /** One {@link #publish} call. */
    record Publication(String cluster, List<Measurement> measurements) {
        Map<String, Double> values() {
            return measurements.stream().collect(Collectors.toMap(Measurement::name, Measurement::value));
        }
    }

    private final List<Publication> publications = new ArrayList<>();

    @Override
    public synchronized void publish(String cluster, List<Measurement> measurements) {
        publications.add(new Publication(cluster, List.copyOf(measurements)));
    }

    synchronized List<Publication> publications() {
        return List.copyOf(publications);
    }

    synchronized List<Publication> of(String cluster) {
        return publications.stream().filter(p -> p.cluster().equals(cluster)).toList();
    }

    /** The value of {@code name} in the last publication for {@code cluster} that has it. */
    synchronized OptionalDouble last(String cluster, String name) {
        OptionalDouble found = OptionalDouble.empty();
        for (Publication p : of(cluster)) {
            Double v = p.values().get(name);
            if (v != null) {
                found = OptionalDouble.of(v);
            }
        }
        return found;
    }
}
