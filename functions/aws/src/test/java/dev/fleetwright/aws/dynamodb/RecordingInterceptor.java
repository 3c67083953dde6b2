package dev.fleetwright.aws.dynamodb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** Records every request a client sends, so tests can assert condition expressions, indexes and paging. */
final class RecordingInterceptor implements ExecutionInterceptor {

    private final List<SdkRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
        requests.add(context.request());
    }

    /** The recorded requests of one type, in the order sent. */
    <T extends SdkRequest> List<T> requests(Class<T> type) {
        return requests.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Every recorded request, in the order sent. */
    List<SdkRequest> all() {
        return List.copyOf(requests);
    }

    /** Forgets what was recorded (after a test's given-steps). */
    void clear() {
        requests.clear();
    }
}
