package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.cloudprovider.CloudProviderException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs AWS calls, retrying transient failures (throttling such as EC2's {@code RequestLimitExceeded}, 5xx, I/O) by
 * the {@link RetryPolicy}: exponential backoff with full jitter, bounded total time. Other failures are thrown
 * unchanged so callers can act on their codes; when retries run out the last failure becomes a retryable {@link
 * CloudProviderException} naming the operation and the resource.
 *
 * <p>The SDK clients the adapter builds do not retry themselves ({@link Ec2Clients}), so this is the only retry
 * layer. Randomness comes from the injected supplier, asked once per call that needs a backoff.
 */
public final class AwsCalls {

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Supplier<RandomGenerator> random;

    /**
     * @param policy attempts and backoff
     * @param sleeper waits between attempts
     * @param random the source of jitter; asked per retried call, never captured at init
     */
    public AwsCalls(RetryPolicy policy, Sleeper sleeper, Supplier<RandomGenerator> random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Calls {@code request}, retrying transient failures.
     *
     * @param operation the API operation, for example {@code CreateFleet}
     * @param subject the resource it concerns, for messages, for example {@code NodeClaim "default-abcde"}
     * @param request the call
     * @return its result
     * @throws SdkException the call's non-transient failure, unchanged
     * @throws CloudProviderException (retryable) when transient failures outlast the policy, or the wait is
     *     interrupted
     */
    public <T> T call(String operation, String subject, Supplier<T> request) {
        RandomGenerator jitter = null;
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (SdkException e) {
                if (!AwsErrors.isTransient(e)) {
                    throw e;
                }
                if (attempt >= policy.maxAttempts()) {
                    throw new CloudProviderException(
                            operation + " for " + subject + " failed " + attempt + " times, last with "
                                    + AwsErrors.describe(e),
                            true,
                            e);
                }
                if (jitter == null) {
                    jitter = random.get();
                }
                Duration cap = policy.backoffCap(attempt);
                Duration delay = Duration.ofNanos(jitter.nextLong(cap.toNanos() + 1));
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new CloudProviderException(
                            operation + " for " + subject + " interrupted while backing off after "
                                    + AwsErrors.describe(e),
                            true,
                            interrupted);
                }
            }
        }
    }
}
