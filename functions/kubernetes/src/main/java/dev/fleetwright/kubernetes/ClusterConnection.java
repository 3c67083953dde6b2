package dev.fleetwright.kubernetes;

import java.net.URI;
import java.util.Objects;

/**
 * Where a cluster's API server is and which CA signed its certificate.
 *
 * @param endpoint the API server URL, for example {@code https://ABC.gr7.us-east-1.eks.amazonaws.com}; not null
 * @param certificateAuthorityPem the CA certificate(s) in PEM; null to trust the JVM's default CAs
 */
public record ClusterConnection(URI endpoint, String certificateAuthorityPem) {

    /** @throws NullPointerException if the endpoint is null */
    public ClusterConnection {
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
