package dev.fleetwright.kubernetes;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test helper: decodes an EKS token into its presigned URL and recomputes the SigV4 query signature from the AWS
 * documentation's algorithm ("Create a signed AWS API request", query-string authentication), independently of the
 * SDK's signer.
 */
final class PresignedUrl {

    final URI uri;
    final Map<String, String> query;

    private PresignedUrl(URI uri, Map<String, String> query) {
        this.uri = uri;
        this.query = query;
    }

    /** Strips {@code k8s-aws-v1.}, base64url-decodes (no padding expected) and parses the URL. */
    static PresignedUrl fromToken(String token) {
        if (!token.startsWith("k8s-aws-v1.")) {
            throw new AssertionError("no k8s-aws-v1. prefix: " + token);
        }
        String encoded = token.substring("k8s-aws-v1.".length());
        String url = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        URI uri = URI.create(url);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (query.put(name, value) != null) {
                throw new AssertionError("parameter repeated: " + name);
            }
        }
        return new PresignedUrl(uri, query);
    }

    /**
     * The signature SigV4 gives for this URL's parameters with the given signed header values.
     *
     * @param signedHeaderValues lower-case header name to value, for every header in X-Amz-SignedHeaders
     * @param secretKey the secret access key
     */
    String expectedSignature(Map<String, String> signedHeaderValues, String secretKey) {
        TreeMap<String, String> sorted = new TreeMap<>(query);
        sorted.remove("X-Amz-Signature");
        StringBuilder canonicalQuery = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (!canonicalQuery.isEmpty()) {
                canonicalQuery.append('&');
            }
            canonicalQuery.append(encode(k)).append('=').append(encode(v));
        });
        StringBuilder canonicalHeaders = new StringBuilder();
        new TreeMap<>(signedHeaderValues)
                .forEach((k, v) ->
                        canonicalHeaders.append(k).append(':').append(v.strip()).append('\n'));
        String canonicalRequest = String.join(
                "\n",
                "GET",
                uri.getRawPath(),
                canonicalQuery,
                canonicalHeaders,
                query.get("X-Amz-SignedHeaders"),
                hex(sha256("")));
        String[] scope = query.get("X-Amz-Credential").split("/", 2);
        String credentialScope = scope[1];
        String[] parts = credentialScope.split("/");
        String stringToSign = String.join(
                "\n", "AWS4-HMAC-SHA256", query.get("X-Amz-Date"), credentialScope, hex(sha256(canonicalRequest)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        key = hmac(key, parts[3]);
        return hex(hmac(key, stringToSign));
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
