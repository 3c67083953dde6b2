package dev.fleetwright.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetwright.core.cloudprovider.CloudProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsCallsTest {

    final List<Duration> sleeps = new ArrayList<>();
    final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(250));
    final AwsCalls calls = new AwsCalls(policy, sleeps::add, () -> new Random(7));

    /** A call that fails with {@code failures} first, then answers "ok". */
    static java.util.function.Supplier<String> failing(AtomicInteger attempts, RuntimeException... failures) {
        return () -> {
            int n = attempts.getAndIncrement();
            if (n < failures.length) {
                throw failures[n];
            }
            return "ok";
        };
    }

    @Nested
    @DisplayName("backoff caps")
    class Caps {

        @Test
        @DisplayName("should double from the base delay up to the maximum")
        void doubling() {
            assertThat(policy.backoffCap(1)).isEqualTo(Duration.ofMillis(100));
            assertThat(policy.backoffCap(2)).isEqualTo(Duration.ofMillis(200));
            assertThat(policy.backoffCap(3)).isEqualTo(Duration.ofMillis(250));
            assertThat(policy.backoffCap(40)).isEqualTo(Duration.ofMillis(250));
        }

        @Test
        @DisplayName("should bound the total sleep by the sum of the caps of the retries")
        void total() {
            // 4 attempts = 3 backoffs: 100 + 200 + 250 ms
            assertThat(policy.maxTotalSleep()).isEqualTo(Duration.ofMillis(550));
            assertThat(RetryPolicy.DEFAULT.maxTotalSleep()).isEqualTo(Duration.ofMillis(200 + 400 + 800 + 1600 + 3200));
        }

        @Test
        @DisplayName("should reject fewer than one attempt and a maximum below the base, naming the field")
        void validation() {
            assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofMillis(1), Duration.ofMillis(1)))
                    .hasMessageStartingWith("maxAttempts:");
            assertThatThrownBy(() -> new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(1)))
                    .hasMessageStartingWith("maxDelay:");
        }
    }

    @Nested
    @DisplayName("retrying")
    class Retrying {

        @Test
        @DisplayName("should retry EC2 RequestLimitExceeded and throttling, sleeping within each cap")
        void throttlingSequence() {
            AtomicInteger attempts = new AtomicInteger();
            String result = calls.call(
                    "CreateFleet",
                    "NodeClaim \"x\"",
                    failing(
                            attempts,
                            FakeEc2.error("RequestLimitExceeded", 503),
                            FakeEc2.error("Throttling", 400),
                            FakeEc2.error("RequestLimitExceeded", 503)));
            assertThat(result).isEqualTo("ok");
            assertThat(attempts).hasValue(4);
            assertThat(sleeps).hasSize(3);
            for (int i = 0; i < sleeps.size(); i++) {
                assertThat(sleeps.get(i)).isBetween(Duration.ZERO, policy.backoffCap(i + 1));
            }
        }

        @Test
        @DisplayName("should retry a 5xx and a client-side I/O failure")
        void transientFailures() {
            AtomicInteger attempts = new AtomicInteger();
            String result = calls.call(
                    "DescribeSubnets",
                    "x",
                    failing(
                            attempts,
                            FakeEc2.error("InternalError", 500),
                            SdkClientException.builder()
                                    .message("reset")
                                    .cause(new java.io.IOException("connection reset"))
                                    .build()));
            assertThat(result).isEqualTo("ok");
            assertThat(sleeps).hasSize(2);
        }

        @Test
        @DisplayName("should throw other failures at once, unchanged")
        void nonTransient() {
            AtomicInteger attempts = new AtomicInteger();
            var denied = FakeEc2.error("UnauthorizedOperation", 403);
            assertThatThrownBy(() -> calls.call("CreateFleet", "x", failing(attempts, denied)))
                    .isSameAs(denied);
            assertThat(attempts).hasValue(1);
            assertThat(sleeps).isEmpty();
        }

        @Test
        @DisplayName("should give up after the last attempt with a retryable error naming operation and resource")
        void exhausted() {
            AtomicInteger attempts = new AtomicInteger();
            RuntimeException[] always = new RuntimeException[10];
            java.util.Arrays.fill(always, FakeEc2.error("RequestLimitExceeded", 503));
            assertThatThrownBy(
                            () -> calls.call("CreateFleet", "NodeClaim \"default-abcde\"", failing(attempts, always)))
                    .isInstanceOf(CloudProviderException.class)
                    .hasMessageContaining("CreateFleet for NodeClaim \"default-abcde\" failed 4 times")
                    .hasMessageContaining("RequestLimitExceeded")
                    .satisfies(e -> assertThat(((CloudProviderException) e).isRetryable())
                            .isTrue());
            assertThat(attempts).hasValue(4);
            assertThat(sleeps.stream().reduce(Duration.ZERO, Duration::plus))
                    .isLessThanOrEqualTo(policy.maxTotalSleep());
        }

        @Test
        @DisplayName("should stop and keep the interrupt when the wait is interrupted")
        void interrupted() {
            AwsCalls interrupting = new AwsCalls(
                    policy,
                    d -> {
                        throw new InterruptedException("stop");
                    },
                    () -> new Random(1));
            AtomicInteger attempts = new AtomicInteger();
            try {
                assertThatThrownBy(() -> interrupting.call(
                                "CreateFleet", "x", failing(attempts, FakeEc2.error("RequestLimitExceeded", 503))))
                        .isInstanceOf(CloudProviderException.class)
                        .hasMessageContaining("interrupted");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
        }
    }
}
