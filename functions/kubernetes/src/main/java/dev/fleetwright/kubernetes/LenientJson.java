package dev.fleetwright.kubernetes;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import okhttp3.Call;

/**
 * Decodes API answers into client-java models without the models' strict validation.
 *
 * <p>client-java's generated models refuse any field they do not know ("The field `x` in the JSON string is not
 * defined in the `V1PodStatus` properties", kubernetes-client/java issues 3980 and 4809), so a cluster upgraded to a
 * Kubernetes minor newer than the client breaks every read. Fleetwright must keep working across EKS upgrades, so the
 * answer is fetched as a JSON tree and bound with a plain Gson that knows client-java's {@code Quantity} and
 * {@code IntOrString} adapters (declared on those classes) and RFC 3339 timestamps, and ignores unknown fields.
 */
final class LenientJson {

    private static final Gson GSON = JSON.createGson()
            .registerTypeAdapter(
                    OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
            .create();

    private LenientJson() {}

    /**
     * Executes a call built by a client-java request builder ({@code buildCall(null)}) and binds the answer.
     *
     * @param client the client that built the call (its error handling turns non-2xx answers into ApiException)
     * @param call the call
     * @param type the model class, for example {@code V1PodList.class}
     * @return the bound model
     * @throws ApiException for a non-2xx answer or an I/O failure (code 0)
     * @throws com.google.gson.JsonParseException if the answer does not fit the model
     */
    static <T> T execute(ApiClient client, Call call, Class<T> type) throws ApiException {
        JsonElement tree = client.<JsonElement>execute(call, JsonElement.class).getData();
        return GSON.fromJson(tree, type);
    }
}
