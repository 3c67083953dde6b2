package dev.fleetwright.aws.ec2;

import dev.fleetwright.core.cloudprovider.CloudProviderException;
import java.time.Clock;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Ensures launch templates exist: a template whose name (a hash of its content) exists is reused, otherwise it is
 * created ([A] pkg/providers/launchtemplate/launchtemplate.go {@code ensureLaunchTemplate}). Names known to exist are
 * remembered for the discovery TTL, so most launches make no launch template call.
 */
public final class LaunchTemplates {

    private final Ec2Client ec2;
    private final AwsCalls calls;
    private final TtlCache<String, String> known;

    /**
     * @param ec2 the EC2 client
     * @param calls retries throttled calls
     * @param settings the discovery TTL
     * @param clock measures cache ages
     */
    public LaunchTemplates(Ec2Client ec2, AwsCalls calls, Ec2AdapterSettings settings, Clock clock) {
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.known = new TtlCache<>(clock, settings.discoveryTtl());
    }

    /**
     * Makes sure the template exists.
     *
     * @param spec the template's content
     * @param subject what it is for, for messages (for example the NodeClaim)
     * @return the template name
     * @throws CloudProviderException naming the template when DescribeLaunchTemplates or CreateLaunchTemplate fails
     */
    public String ensure(LaunchTemplateSpec spec, String subject) {
        String name = spec.name();
        return known.get(name, n -> {
            String what = "launch template \"" + n + "\" for " + subject;
            try {
                calls.call(
                        "DescribeLaunchTemplates",
                        what,
                        () -> ec2.describeLaunchTemplates(b -> b.launchTemplateNames(n)));
                return n;
            } catch (SdkException e) {
                if (!AwsErrors.isNotFound(e)) {
                    throw new CloudProviderException(
                            what + ": DescribeLaunchTemplates failed: " + AwsErrors.describe(e),
                            AwsErrors.isTransient(e),
                            e);
                }
            }
            try {
                calls.call("CreateLaunchTemplate", what, () -> ec2.createLaunchTemplate(spec.toRequest()));
            } catch (SdkException e) {
                if (!AwsErrors.isAlreadyExists(e)) {
                    throw new CloudProviderException(
                            what + ": CreateLaunchTemplate failed: " + AwsErrors.describe(e),
                            AwsErrors.isTransient(e),
                            e);
                }
            }
            return n;
        });
    }

    /** Forgets that {@code name} exists (CreateFleet said it does not). */
    public void invalidate(String name) {
        known.invalidate(name);
    }
}
