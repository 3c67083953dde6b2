package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.cloudprovider.InstanceTypeCatalog;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProvisionerPriming: read-only work before the SnapStart snapshot")
class ProvisionerPrimingTest {

    @Test
    @DisplayName("should resolve the catalog, plan every synthetic pod and parse the sample event")
    void primes() {
        InstanceTypeCatalog catalog = InstanceTypeCatalog.bundled();

        ProvisionerPriming.Summary summary = ProvisionerPriming.prime(
                catalog, new ProvisioningMessages(List.of("fleetwright-test")), "fleetwright-test", true);

        assertThat(summary.instanceTypes()).isEqualTo(catalog.size());
        assertThat(summary.podsPlanned()).isEqualTo(ProvisionerPriming.PODS);
        assertThat(summary.nodeClaimsPlanned()).isPositive();
        assertThat(summary.eventCluster()).isEqualTo("fleetwright-test");
    }

    @Test
    @DisplayName("should fail loudly when the sample event is refused, rather than snapshot an unprimed function")
    void refused() {
        assertThatThrownBy(() -> ProvisionerPriming.prime(
                        InstanceTypeCatalog.bundled(),
                        new ProvisioningMessages(List.of("fleetwright-test")),
                        "not-served",
                        true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the sample event was refused: detail.cluster: \"not-served\"");
    }
}
