package dev.fleetwright.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

@DisplayName("EksTokenProvider")
class EksTokenProviderTest {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /** The query parameters aws-iam-authenticator accepts (pkg/token/token.go parameterWhitelist). */
    private static final Set<String> AUTHENTICATOR_ALLOWLIST = Set.of(
            "action",
            "version",
            "x-amz-algorithm",
            "x-amz-credential",
            "x-amz-date",
            "x-amz-expires",
            "x-amz-security-token",
            "x-amz-signature",
            "x-amz-signedheaders");

    private static EksTokenProvider provider(String cluster, Region region, Clock clock) {
        return new EksTokenProvider(
                cluster,
                region,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)),
                clock);
    }

    /** Counts how often credentials are resolved: once per signing. */
    private static final class CountingCredentials implements AwsCredentialsProvider {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public AwsCredentials resolveCredentials() {
            calls.incrementAndGet();
            return AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY);
        }
    }

    @Nested
    @DisplayName("token format")
    class Format {

        private final String token = provider("my-cluster", Region.US_EAST_1, Clock.fixed(T0, ZoneOffset.UTC))
                .token();
        private final PresignedUrl url = PresignedUrl.fromToken(token);

        @Test
        @DisplayName("should be k8s-aws-v1. and unpadded base64url of an https URL to the regional STS endpoint")
        void envelope() {
            assertThat(token).startsWith("k8s-aws-v1.");
            assertThat(token.substring("k8s-aws-v1.".length())).matches("[A-Za-z0-9_-]+");
            assertThat(url.uri.getScheme()).isEqualTo("https");
            assertThat(url.uri.getHost()).isEqualTo("sts.us-east-1.amazonaws.com");
            assertThat(url.uri.getRawPath()).isEqualTo("/");
        }

        @Test
        @DisplayName("should presign GetCallerIdentity for 60 seconds, dated by the clock, scoped to sts in the region")
        void signedParameters() {
            assertThat(url.query)
                    .containsEntry("Action", "GetCallerIdentity")
                    .containsEntry("Version", "2011-06-15")
                    .containsEntry("X-Amz-Algorithm", "AWS4-HMAC-SHA256")
                    .containsEntry("X-Amz-Expires", "60")
                    .containsEntry("X-Amz-Date", "20260304T050607Z")
                    .containsEntry("X-Amz-Credential", ACCESS_KEY + "/20260304/us-east-1/sts/aws4_request");
            assertThat(url.query.get("X-Amz-Signature")).matches("[0-9a-f]{64}");
        }

        @Test
        @DisplayName("should sign the x-k8s-aws-id header")
        void signedHeaders() {
            List<String> signed = List.of(url.query.get("X-Amz-SignedHeaders").split(";"));

            assertThat(signed).contains("x-k8s-aws-id", "host");
        }

        @Test
        @DisplayName("should carry only the query parameters aws-iam-authenticator accepts")
        void allowlist() {
            assertThat(url.query.keySet())
                    .allSatisfy(name -> assertThat(AUTHENTICATOR_ALLOWLIST).contains(name.toLowerCase()));
        }

        @Test
        @DisplayName("should carry a signature that SigV4 gives for x-k8s-aws-id = the cluster name, and no other")
        void signatureBindsClusterName() {
            String host = url.uri.getHost();
            List<String> signed = List.of(url.query.get("X-Amz-SignedHeaders").split(";"));
            assertThat(signed).containsExactlyInAnyOrder("host", "x-k8s-aws-id");

            String expected = url.expectedSignature(Map.of("host", host, "x-k8s-aws-id", "my-cluster"), SECRET_KEY);
            String forOtherCluster =
                    url.expectedSignature(Map.of("host", host, "x-k8s-aws-id", "other-cluster"), SECRET_KEY);

            assertThat(url.query.get("X-Amz-Signature")).isEqualTo(expected).isNotEqualTo(forOtherCluster);
        }

        @Test
        @DisplayName("should include the session token of temporary credentials in the signed query")
        void sessionToken() {
            EksTokenProvider withSession = new EksTokenProvider(
                    "my-cluster",
                    Region.US_EAST_1,
                    StaticCredentialsProvider.create(
                            AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "session-token/+=")),
                    Clock.fixed(T0, ZoneOffset.UTC));

            PresignedUrl session = PresignedUrl.fromToken(withSession.token());

            assertThat(session.query).containsEntry("X-Amz-Security-Token", "session-token/+=");
            assertThat(session.query.get("X-Amz-Signature"))
                    .isEqualTo(session.expectedSignature(
                            Map.of("host", session.uri.getHost(), "x-k8s-aws-id", "my-cluster"), SECRET_KEY));
        }

        @Test
        @DisplayName("should use the partition's DNS suffix for the STS host")
        void partitions() {
            EksTokenProvider china = provider("c", Region.CN_NORTH_1, Clock.fixed(T0, ZoneOffset.UTC));
            EksTokenProvider govCloud = provider("c", Region.US_GOV_WEST_1, Clock.fixed(T0, ZoneOffset.UTC));

            assertThat(PresignedUrl.fromToken(china.token()).uri.getHost())
                    .isEqualTo("sts.cn-north-1.amazonaws.com.cn");
            assertThat(govCloud.stsHost()).isEqualTo("sts.us-gov-west-1.amazonaws.com");
        }

        @Test
        @DisplayName("should not print the token in toString")
        void redacted() {
            EksToken current = provider("my-cluster", Region.US_EAST_1, Clock.fixed(T0, ZoneOffset.UTC))
                    .current();

            assertThat(current.toString()).doesNotContain("k8s-aws-v1").contains("2026-03-04T05:06:07Z");
            assertThat(current.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        }
    }

    @Nested
    @DisplayName("cache and refresh")
    class Refresh {

        private final MutableClock clock = new MutableClock(T0);
        private final CountingCredentials credentials = new CountingCredentials();
        private final EksTokenProvider provider =
                new EksTokenProvider("my-cluster", Region.US_EAST_1, credentials, clock);

        private String date(String token) {
            return PresignedUrl.fromToken(token).query.get("X-Amz-Date");
        }

        @Test
        @DisplayName("should reuse the token until it is 14 minutes old")
        void reuse() {
            String first = provider.token();
            clock.advance(Duration.ofMinutes(13).plusSeconds(59));

            String later = provider.token();

            assertThat(later).isEqualTo(first);
            assertThat(credentials.calls).hasValue(1);
        }

        @Test
        @DisplayName("should sign a new token, dated now, once the cached one is 14 minutes old")
        void refresh() {
            String first = provider.token();
            clock.advance(Duration.ofMinutes(14));

            String second = provider.token();

            assertThat(second).isNotEqualTo(first);
            assertThat(date(first)).isEqualTo("20260304T050607Z");
            assertThat(date(second)).isEqualTo("20260304T052007Z");
            assertThat(credentials.calls).hasValue(2);
        }

        @Test
        @DisplayName("should sign again after invalidate")
        void invalidate() {
            provider.token();

            provider.invalidate();
            provider.token();

            assertThat(credentials.calls).hasValue(2);
        }

        @Test
        @DisplayName("should sign again when the clock is earlier than the cached token's date")
        void clockWentBack() {
            MutableClock late = new MutableClock(T0.plusSeconds(600));
            CountingCredentials counting = new CountingCredentials();
            EksTokenProvider p = new EksTokenProvider("my-cluster", Region.US_EAST_1, counting, new Clock() {
                private boolean first = true;

                @Override
                public Instant instant() {
                    Instant now = first ? late.instant() : T0;
                    first = false;
                    return now;
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

            String first = p.token();
            String second = p.token();

            assertThat(counting.calls).hasValue(2);
            assertThat(date(second)).isEqualTo("20260304T050607Z");
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    @DisplayName("should name the cluster when credentials cannot be resolved")
    void noCredentials() {
        EksTokenProvider p = new EksTokenProvider(
                "my-cluster",
                Region.US_EAST_1,
                () -> {
                    throw SdkClientException.create("Unable to load credentials from any of the providers");
                },
                Clock.fixed(T0, ZoneOffset.UTC));

        assertThatThrownBy(p::token)
                .isInstanceOf(EksConnectionException.class)
                .hasMessageContaining("cluster \"my-cluster\"")
                .hasMessageContaining("Unable to load credentials");
    }
}
