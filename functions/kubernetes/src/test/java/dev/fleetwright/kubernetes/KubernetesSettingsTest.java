package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

@DisplayName("KubernetesSettings")
class KubernetesSettingsTest {

    private final KubernetesSettings base = KubernetesSettings.of("demo", Region.US_EAST_1);

    @Test
    @DisplayName("should default to DescribeCluster, 500 objects per page and 30 s timeouts")
    void defaults() {
        assertThat(base.apiServerEndpoint()).isNull();
        assertThat(base.certificateAuthorityData()).isNull();
        assertThat(base.pageSize()).isEqualTo(500);
        assertThat(base.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("should refuse a blank cluster name")
    void blankName() {
        assertThatThrownBy(() -> KubernetesSettings.of(" ", Region.US_EAST_1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("clusterName:");
    }

    @Test
    @DisplayName("should refuse CA data without an endpoint, or that is not a base64 PEM certificate")
    void caData() {
        String pem = TestCertificate.create().eksData();
        URI endpoint = URI.create("https://api.example");

        assertThatThrownBy(() ->
                        new KubernetesSettings("demo", Region.US_EAST_1, null, pem, null, 500, Duration.ofSeconds(1)))
                .hasMessageStartingWith("certificateAuthorityData: given without apiServerEndpoint");
        assertThatThrownBy(() -> base.withApiServer(endpoint, "%%%"))
                .hasMessageStartingWith("certificateAuthorityData: not base64");
        assertThatThrownBy(() -> base.withApiServer(endpoint, "aGVsbG8="))
                .hasMessage("certificateAuthorityData: the decoded text is not a PEM certificate");
        assertThat(base.withApiServer(endpoint, pem).certificateAuthorityData()).isEqualTo(pem);
    }

    @Test
    @DisplayName("should refuse endpoints that are not absolute http(s) URLs")
    void endpoints() {
        assertThatThrownBy(() -> base.withApiServer(URI.create("ftp://api.example"), null))
                .hasMessageStartingWith("apiServerEndpoint:");
        assertThatThrownBy(() -> base.withEksEndpointOverride(URI.create("/relative")))
                .hasMessageStartingWith("eksEndpointOverride:");
    }

    @Test
    @DisplayName("should refuse a page size below 1 and a non-positive timeout")
    void limits() {
        assertThatThrownBy(() -> base.withPageSize(0)).hasMessage("pageSize: must be at least 1, got 0");
        assertThatThrownBy(() -> base.withRequestTimeout(Duration.ZERO))
                .hasMessageStartingWith("requestTimeout: must be positive");
    }
}
