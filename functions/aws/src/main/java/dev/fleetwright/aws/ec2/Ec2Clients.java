package dev.fleetwright.aws.ec2;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the SDK clients of the EC2 adapter from its settings: the URL-connection HTTP client (small and quick to
 * start in Lambda), the settings' region (IAM is global), the settings' endpoint override when one is set (local
 * engines), and no SDK-level retries, since {@link AwsCalls} retries with its own bounded policy.
 *
 * @param ec2 the EC2 client
 * @param ssm the SSM client
 * @param iam the IAM client
 */
public record Ec2Clients(Ec2Client ec2, SsmClient ssm, IamClient iam) implements AutoCloseable {

    /** @throws NullPointerException if a client is null */
    public Ec2Clients {
        Objects.requireNonNull(ec2, "ec2");
        Objects.requireNonNull(ssm, "ssm");
        Objects.requireNonNull(iam, "iam");
    }

    /** Clients with the default credential chain (the Lambda role's credentials). */
    public static Ec2Clients create(Ec2AdapterSettings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /**
     * Clients with the given credentials.
     *
     * @param settings region and endpoint override
     * @param credentials where credentials come from
     */
    public static Ec2Clients create(Ec2AdapterSettings settings, AwsCredentialsProvider credentials) {
        Region region = Region.of(settings.region());
        return new Ec2Clients(
                configure(Ec2Client.builder(), settings, credentials)
                        .region(region)
                        .build(),
                configure(SsmClient.builder(), settings, credentials)
                        .region(region)
                        .build(),
                configure(IamClient.builder(), settings, credentials)
                        .region(settings.endpointOverride() == null ? Region.AWS_GLOBAL : region)
                        .build());
    }

    private static <
                    B extends
                            AwsSyncClientBuilder<B, ?>
                                    & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>>
            B configure(B builder, Ec2AdapterSettings settings, AwsCredentialsProvider credentials) {
        builder.httpClient(UrlConnectionHttpClient.builder().build());
        builder.credentialsProvider(credentials);
        builder.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (settings.endpointOverride() != null) {
            ((SdkClientBuilder<?, ?>) builder).endpointOverride(settings.endpointOverride());
        }
        return builder;
    }

    /** Closes the three clients. */
    @Override
    public void close() {
        ec2.close();
        ssm.close();
        iam.close();
    }
}
