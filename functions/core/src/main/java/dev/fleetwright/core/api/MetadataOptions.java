package dev.fleetwright.core.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Instance Metadata Service settings of launched nodes ({@code spec.metadataOptions}, [A]
 * pkg/apis/v1/ec2nodeclass.go {@code MetadataOptions}). Karpenter's defaults: endpoint enabled, IPv6 endpoint
 * disabled, PUT response hop limit 1, tokens (IMDSv2) required, applied per field.
 *
 * @param httpEndpoint whether the metadata endpoint is reachable, not null
 * @param httpProtocolIpv6 whether the IPv6 metadata endpoint is reachable, not null
 * @param httpPutResponseHopLimit the PUT response hop limit, 1..64
 * @param httpTokens whether IMDSv2 tokens are required, not null
 */
public record MetadataOptions(
        State httpEndpoint, State httpProtocolIpv6, int httpPutResponseHopLimit, HttpTokens httpTokens) {

    /** Karpenter's default PUT response hop limit. */
    public static final int DEFAULT_HOP_LIMIT = 1;

    /** The smallest hop limit EC2 accepts. */
    public static final int MIN_HOP_LIMIT = 1;

    /** The largest hop limit EC2 accepts. */
    public static final int MAX_HOP_LIMIT = 64;

    /** Karpenter's defaults: enabled, IPv6 disabled, hop limit 1, tokens required. */
    public static final MetadataOptions DEFAULT =
            new MetadataOptions(State.ENABLED, State.DISABLED, DEFAULT_HOP_LIMIT, HttpTokens.REQUIRED);

    /**
     * @throws NullPointerException if an enum is null
     * @throws IllegalArgumentException if the hop limit is outside 1..64
     */
    public MetadataOptions {
        Objects.requireNonNull(httpEndpoint, "httpEndpoint");
        Objects.requireNonNull(httpProtocolIpv6, "httpProtocolIpv6");
        Objects.requireNonNull(httpTokens, "httpTokens");
        if (httpPutResponseHopLimit < MIN_HOP_LIMIT || httpPutResponseHopLimit > MAX_HOP_LIMIT) {
            throw new IllegalArgumentException(
                    "httpPutResponseHopLimit must be within 1..64, got " + httpPutResponseHopLimit);
        }
    }

    /** {@code enabled} or {@code disabled}. */
    public enum State {
        /** {@code enabled}. */
        ENABLED("enabled"),
        /** {@code disabled}. */
        DISABLED("disabled");

        private final String wireName;

        State(String wireName) {
            this.wireName = wireName;
        }

        /** The API name. */
        public String wireName() {
            return wireName;
        }

        /** The state with this API name, or empty. */
        public static Optional<State> fromWireName(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
        }

        @Override
        public String toString() {
            return wireName;
        }
    }

    /** {@code required} (IMDSv2 only) or {@code optional}. */
    public enum HttpTokens {
        /** Tokens are required (IMDSv2). */
        REQUIRED("required"),
        /** Tokens are optional (IMDSv1 allowed). */
        OPTIONAL("optional");

        private final String wireName;

        HttpTokens(String wireName) {
            this.wireName = wireName;
        }

        /** The API name. */
        public String wireName() {
            return wireName;
        }

        /** The setting with this API name, or empty. */
        public static Optional<HttpTokens> fromWireName(String name) {
            return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
        }

        @Override
        public String toString() {
            return wireName;
        }
    }
}
