package dev.fleetwright.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * Builds client-java's {@link ApiClient} for a cluster: base path and CA from a {@link ClusterConnection}, timeouts,
 * and a bearer-token interceptor that asks its {@link BearerTokenSource} for the token on every request (so a cached
 * EKS token is refreshed without rebuilding the client). When the API server answers {@code 401}, the interceptor
 * invalidates the token and retries the request once with a freshly signed one; a second 401 reaches the caller.
 */
public final class KubernetesApiClients {

    private KubernetesApiClients() {}

    /**
     * A client for an EKS cluster: endpoint and CA from the settings or {@code eks:DescribeCluster}, token from an
     * {@link EksTokenProvider} for the settings' cluster and region. Calls DescribeCluster now when the settings do not
     * name the API server.
     *
     * @param settings the cluster name, region, optional API server and timeout
     * @param eks the EKS client; may be null when the settings name the API server
     * @param credentials the AWS credentials that sign the token
     * @param clock the time source for signing and token refresh
     * @return the client
     * @throws EksConnectionException if DescribeCluster fails
     */
    public static ApiClient forEks(
            KubernetesSettings settings, EksClient eks, AwsCredentialsProvider credentials, Clock clock) {
        ClusterConnection connection = new EksClusterConnections(settings, eks).connection();
        EksTokenProvider tokens = new EksTokenProvider(settings.clusterName(), settings.region(), credentials, clock);
        return create(connection, tokens, settings.requestTimeout());
    }

    /**
     * A client for {@code connection} authenticating with {@code tokens}.
     *
     * @param connection the API server endpoint and CA (none: the JVM's default trust store)
     * @param tokens the token source, read on every request
     * @param timeout connect, read and write timeout
     * @return the client
     */
    public static ApiClient create(ClusterConnection connection, BearerTokenSource tokens, Duration timeout) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(tokens, "tokens");
        int millis = Math.toIntExact(Objects.requireNonNull(timeout, "timeout").toMillis());
        ApiClient client = new ApiClient();
        String base = connection.endpoint().toString();
        client.setBasePath(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        client.setConnectTimeout(millis);
        client.setReadTimeout(millis);
        client.setWriteTimeout(millis);
        if (connection.certificateAuthorityPem() != null) {
            client.setSslCaCert(new ByteArrayInputStream(
                    connection.certificateAuthorityPem().getBytes(StandardCharsets.UTF_8)));
        }
        // Added last: the setters above rebuild the OkHttp client from the current one, keeping interceptors anyway.
        client.setHttpClient(client.getHttpClient()
                .newBuilder()
                .addInterceptor(new BearerTokenInterceptor(tokens))
                .build());
        return client;
    }

    /** Sets {@code Authorization: Bearer} from the token source on each request; retries once after a 401. */
    static final class BearerTokenInterceptor implements Interceptor {
        private final BearerTokenSource tokens;

        BearerTokenInterceptor(BearerTokenSource tokens) {
            this.tokens = tokens;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Response response = chain.proceed(withToken(chain.request()));
            if (response.code() != 401) {
                return response;
            }
            response.close();
            tokens.invalidate();
            return chain.proceed(withToken(chain.request()));
        }

        private Request withToken(Request request) {
            return request.newBuilder()
                    .header("Authorization", "Bearer " + tokens.token())
                    .build();
        }
    }
}
