package dev.fleetwright.interruption;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The no-argument constructor Lambda calls, with the environment the pom gives the test JVM: it reads the settings,
 * builds the SDK clients and adapters without calling AWS or a cluster, and its SnapStart priming runs offline.
 */
@DisplayName("the composition root")
class CompositionRootTest {

    @Test
    @DisplayName("should wire from the environment without contacting AWS, and prime offline")
    void wires() {
        assertThatCode(() -> new InterruptionHandler().prime()).doesNotThrowAnyException();
    }
}
