package dev.fleetwright.provisioner;

import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The SDK clients of the provisioner function, built once at init and shared by every cluster it serves. Building a
 * client makes no network call and resolves no credentials, so the SnapStart snapshot holds no connection and no
 * secret.
 *
 * @param dynamoDb NodeClaims and state tables
 * @param ec2 CreateFleet, launch templates, discovery
 * @param ssm AMI alias parameters
 * @param iam instance profiles
 * @param eks {@code DescribeCluster}
 * @param credentials the credentials that sign the EKS bearer token (the same the clients use)
 */
public record ProvisionerClients(
        DynamoDbClient dynamoDb,
        Ec2Client ec2,
        SsmClient ssm,
        IamClient iam,
        EksClient eks,
        AwsCredentialsProvider credentials)
        implements AutoCloseable {

    /** @throws NullPointerException if a component is null */
    public ProvisionerClients {
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(ec2, "ec2");
        Objects.requireNonNull(ssm, "ssm");
        Objects.requireNonNull(iam, "iam");
        Objects.requireNonNull(eks, "eks");
        Objects.requireNonNull(credentials, "credentials");
    }

    /**
     * The clients as Lambda runs them: the settings' region (IAM is global), the default credential chain (the function
     * role), one URL-connection HTTP client (small and quick to start). EC2, SSM and IAM make no SDK-level retries,
     * since the EC2 adapter retries throttled calls with its own bounded policy; DynamoDB and EKS keep the SDK's
     * retries.
     *
     * @param settings the region
     * @return the clients
     */
    public static ProvisionerClients create(ProvisionerSettings settings) {
        Region region = Region.of(settings.region());
        AwsCredentialsProvider credentials =
                DefaultCredentialsProvider.builder().build();
        SdkHttpClient http = UrlConnectionHttpClient.builder().build();
        return new ProvisionerClients(
                DynamoDbClient.builder()
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build(),
                Ec2Client.builder()
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build(),
                SsmClient.builder()
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build(),
                IamClient.builder()
                        .region(Region.AWS_GLOBAL)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                        .build(),
                EksClient.builder()
                        .region(region)
                        .credentialsProvider(credentials)
                        .httpClient(http)
                        .build(),
                credentials);
    }

    /**
     * Closes every client. The HTTP client they share stays open (the SDK never closes a client it was handed); the
     * function keeps its clients for the life of its execution environment anyway.
     */
    @Override
    public void close() {
        dynamoDb.close();
        ec2.close();
        ssm.close();
        iam.close();
        eks.close();
    }
}
