package dev.fleetwright.kubernetes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * Produces the bearer token EKS accepts: {@code k8s-aws-v1.} followed by the unpadded base64url encoding of a presigned
 * STS {@code GetCallerIdentity} URL with the {@code x-k8s-aws-id: <cluster name>} header signed into it, exactly as
 * {@code aws eks get-token} and aws-iam-authenticator build it (kubernetes-sigs/aws-iam-authenticator
 * pkg/token/token.go {@code GetWithSTS}):
 *
 * <ul>
 *   <li>{@code GET https://sts.<region>.<partition DNS suffix>/?Action=GetCallerIdentity&Version=2011-06-15}, the
 *       regional STS endpoint (the authenticator accepts any STS host of the partition);
 *   <li>signed with SigV4 in the query string for service {@code sts}, {@code X-Amz-Expires=60} (STS ignores it and
 *       the token is valid 15 minutes after {@code X-Amz-Date}; the authenticator requires a value from 0 to 900);
 *   <li>{@code x-k8s-aws-id} among {@code X-Amz-SignedHeaders} (the authenticator refuses tokens without it), and no
 *       query parameters besides Action, Version and the {@code X-Amz-*} signing parameters (its allowlist).
 * </ul>
 *
 * <p>The token is cached and signed again once it is {@link #REFRESH_AFTER} old, one minute before EKS would refuse
 * it (the authenticator's own cushion), or after {@link #invalidate()}. Time comes from the injected clock, both for
 * {@code X-Amz-Date} and for the cache. Thread-safe.
 */
public final class EksTokenProvider implements BearerTokenSource {

    /** The token prefix of the v1 format. */
    public static final String PREFIX = "k8s-aws-v1.";

    /** The header that binds a token to one cluster. */
    public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";

    /** The {@code X-Amz-Expires} value aws-iam-authenticator and the AWS CLI sign. */
    public static final Duration PRESIGN_EXPIRY = Duration.ofSeconds(60);

    /** Age at which a cached token is replaced: the 15-minute validity less a minute of cushion. */
    public static final Duration REFRESH_AFTER = EksToken.VALIDITY.minusMinutes(1);

    private final String clusterName;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Clock clock;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private EksToken cached;

    /**
     * @param clusterName the EKS cluster name, signed as {@code x-k8s-aws-id}; not blank
     * @param region the region whose STS endpoint the URL is presigned for
     * @param credentials the AWS credentials to sign with (in Lambda, the function role's)
     * @param clock the time source for {@code X-Amz-Date} and the cache
     */
    public EksTokenProvider(String clusterName, Region region, AwsCredentialsProvider credentials, Clock clock) {
        if (clusterName == null || clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        this.clusterName = clusterName;
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The regional STS host the token is presigned for, for example {@code sts.us-east-1.amazonaws.com}. */
    public String stsHost() {
        return "sts." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix();
    }

    /**
     * The current token value, signing a new one when none is cached or the cached one is {@link #REFRESH_AFTER} old.
     *
     * @throws EksConnectionException if the AWS credentials cannot be resolved or signing fails
     */
    @Override
    public String token() {
        return current().value();
    }

    /**
     * The current token with its signing time; see {@link #token()}.
     *
     * @return the cached or a freshly signed token
     * @throws EksConnectionException if the AWS credentials cannot be resolved or signing fails
     */
    public synchronized EksToken current() {
        // X-Amz-Date has whole seconds, and validity counts from it.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (cached == null || isStale(cached, now)) {
            cached = sign(now);
        }
        return cached;
    }

    /** Drops the cached token; the next {@link #token()} signs a new one. */
    @Override
    public synchronized void invalidate() {
        cached = null;
    }

    private static boolean isStale(EksToken token, Instant now) {
        // A clock that went back (a restored snapshot) makes the age unknowable: sign again.
        return now.isBefore(token.signedAt()) || !now.isBefore(token.signedAt().plus(REFRESH_AFTER));
    }

    private EksToken sign(Instant now) {
        AwsCredentials identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new EksConnectionException(
                    "cannot resolve AWS credentials to sign the EKS token for cluster \"" + clusterName + "\": "
                            + e.getMessage() + " (in Lambda the function role provides them; locally set AWS_PROFILE"
                            + " or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)",
                    e);
        }
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(stsHost())
                .encodedPath("/")
                .putRawQueryParameter("Action", "GetCallerIdentity")
                .putRawQueryParameter("Version", "2011-06-15")
                .putHeader(CLUSTER_ID_HEADER, clusterName)
                .build();
        Clock signingClock = Clock.fixed(now, clock.getZone());
        SignedRequest signed;
        try {
            signed = signer.sign(r -> r.identity(identity)
                    .request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                    .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, PRESIGN_EXPIRY)
                    .putProperty(HttpSigner.SIGNING_CLOCK, signingClock));
        } catch (SdkException | IllegalArgumentException e) {
            throw new EksConnectionException(
                    "cannot sign the EKS token for cluster \"" + clusterName + "\": " + e.getMessage(), e);
        }
        String url = signed.request().getUri().toString();
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
        return new EksToken(PREFIX + encoded, now);
    }
}
