package dev.fleetwright.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ProvisionerHandler's composition root (the no-argument constructor Lambda calls)")
class CompositionRootTest {

    @Test
    @DisplayName("should build from the environment with no network, no credentials and no cluster, then prime")
    void buildsOffline() {
        // surefire sets the function's environment (pom.xml); elsewhere, e.g. in an IDE, there is nothing to build.
        assumeTrue(System.getenv(ProvisionerSettings.FLEETWRIGHT_CLUSTERS) != null, "the function's environment");

        try (CapturedLogs logs = new CapturedLogs()) {
            ProvisionerHandler handler = new ProvisionerHandler();
            handler.beforeCheckpoint(null);
            handler.afterRestore(null);

            assertThat(logs.at(Level.INFO))
                    .singleElement()
                    .satisfies(l -> assertThat(l.message()).startsWith("primed before the snapshot"));
        }
    }
}
