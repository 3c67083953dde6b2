package dev.fleetwright.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class Ec2AdapterSettingsTest {

    @Test
    @DisplayName("should default the SSM root and discovery TTL, and point at a local engine on request")
    void defaults() {
        Ec2AdapterSettings s = Fixtures.SETTINGS;
        assertThat(s.ssmParameterRoot()).isEqualTo("/aws/service");
        assertThat(s.discoveryTtl()).isEqualTo(Ec2AdapterSettings.DEFAULT_DISCOVERY_TTL);
        assertThat(s.endpointOverride()).isNull();
        Ec2AdapterSettings local = s.withLocalEngine(URI.create("http://127.0.0.1:5000"), "/it/aws/service/");
        assertThat(local.ssmParameterRoot()).isEqualTo("/it/aws/service");
        assertThat(local.endpointOverride()).hasPort(5000);
        assertThat(s.clusterTagKey()).isEqualTo("kubernetes.io/cluster/dev");
    }

    @Test
    @DisplayName("should name the field of a malformed value")
    void validation() {
        assertThatThrownBy(() -> Ec2AdapterSettings.of("us-east-1", "-bad", "https://x", "Y2E=", "1.31", null, null))
                .hasMessageStartingWith("clusterName:");
        assertThatThrownBy(
                        () -> Ec2AdapterSettings.of("us-east-1", "dev", "https://x", "not base64!", "1.31", null, null))
                .hasMessageStartingWith("clusterCertificateAuthority:");
        assertThatThrownBy(() -> Ec2AdapterSettings.of("us-east-1", "dev", "https://x", "Y2E=", "v1.31", null, null))
                .hasMessageStartingWith("kubernetesVersion:");
        assertThatThrownBy(() -> Ec2AdapterSettings.of(" ", "dev", "https://x", "Y2E=", "1.31", null, null))
                .hasMessageStartingWith("region:");
    }
}
