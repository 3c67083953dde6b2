package dev.fleetwright.provisioner;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.List;

/** The sample events of {@code events/provisioning/}, on the test class path as {@code events/provisioning/...}. */
final class Events {

    private Events() {}

    static SQSEvent load(String name) {
        return EventLoader.loadSQSEvent("events/provisioning/" + name);
    }

    static List<String> messageIds(SQSEvent event) {
        return event.getRecords().stream()
                .map(SQSEvent.SQSMessage::getMessageId)
                .toList();
    }
}
