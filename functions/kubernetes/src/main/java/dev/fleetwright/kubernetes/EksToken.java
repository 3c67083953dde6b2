package dev.fleetwright.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An EKS bearer token and when it was signed.
 *
 * @param value {@code k8s-aws-v1.} followed by the unpadded base64url of a presigned STS {@code GetCallerIdentity} URL
 * @param signedAt the signing time ({@code X-Amz-Date}); the API server accepts the token for 15 minutes after it
 */
public record EksToken(String value, Instant signedAt) {

    /**
     * How long EKS accepts a token after {@code X-Amz-Date}, whatever {@code X-Amz-Expires} says
     * (kubernetes-sigs/aws-iam-authenticator pkg/token/token.go {@code presignedURLExpiration}).
     */
    public static final Duration VALIDITY = Duration.ofMinutes(15);

    /** @throws NullPointerException if a component is null */
    public EksToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(signedAt, "signedAt");
    }

    /** When the API server stops accepting the token. */
    public Instant expiresAt() {
        return signedAt.plus(VALIDITY);
    }

    /** Hides the credential part: a token is a credential and must not end up in logs. */
    @Override
    public String toString() {
        return "EksToken[signedAt=" + signedAt + "]";
    }
}
