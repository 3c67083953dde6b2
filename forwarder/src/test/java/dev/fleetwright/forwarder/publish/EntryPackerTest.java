package dev.fleetwright.forwarder.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fleetwright.forwarder.fixtures.TestPendingPods;
import dev.fleetwright.forwarder.pods.PendingPod;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EntryPackerTest {

    private static final Instant OBSERVED = Instant.parse("2026-11-22T10:00:00Z");
    private static final ObjectMapper MAPPER = EntryPacker.objectMapper();

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** EventBridge's entry size rule, computed here independently of the packer. */
    private static int entrySize(String detail) {
        return bytes("dev.fleetwright.forwarder") + bytes("Pending Pods") + bytes(detail);
    }

    private static List<String> uidsIn(EntryPacker.Entry entry) throws Exception {
        List<String> uids = new ArrayList<>();
        for (JsonNode pod : MAPPER.readTree(entry.detail()).get("pods")) {
            uids.add(pod.get("uid").asText());
        }
        return uids;
    }

    private static List<PendingPod> largeList(int count) {
        List<PendingPod> pods = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            pods.add(TestPendingPods.large("job-" + i, 6));
        }
        return pods;
    }

    @Nested
    class Entries {

        @Test
        @DisplayName("should put a small batch in one entry whose detail carries the envelope and every pod")
        void oneEntry() throws Exception {
            EntryPacker packer = new EntryPacker(PutEventsLimits.AWS);

            EntryPacker.Packing packing = packer.pack("eks-dev", "fwd-1", OBSERVED, TestPendingPods.many("web", 3));

            assertThat(packing.entries()).hasSize(1);
            EntryPacker.Entry entry = packing.entries().get(0);
            JsonNode detail = MAPPER.readTree(entry.detail());
            assertThat(detail.get("cluster").asText()).isEqualTo("eks-dev");
            assertThat(detail.get("forwarder").asText()).isEqualTo("fwd-1");
            assertThat(detail.get("observedAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
            assertThat(uidsIn(entry)).containsExactly("uid-web-0", "uid-web-1", "uid-web-2");
            assertThat(entry.podUids()).containsExactly("uid-web-0", "uid-web-1", "uid-web-2");
            assertThat(entry.sizeBytes()).isEqualTo(entrySize(entry.detail()));
        }

        @Test
        @DisplayName("should split a pod list larger than 256 KB across entries, each within the entry limit")
        void splitsLargeLists() throws Exception {
            List<PendingPod> pods = largeList(2500);
            int podBytes = 0;
            for (PendingPod pod : pods) {
                podBytes += bytes(MAPPER.writeValueAsString(pod));
            }
            assertThat(podBytes)
                    .as("precondition: the pods alone exceed 256 KB")
                    .isGreaterThan(256 * 1024);
            EntryPacker packer = new EntryPacker(PutEventsLimits.AWS);

            EntryPacker.Packing packing = packer.pack("eks-dev", "fwd-1", OBSERVED, pods);

            assertThat(packing.entries()).hasSizeGreaterThan(1);
            assertThat(packing.trimmedPods()).isEmpty();
            List<String> all = new ArrayList<>();
            for (EntryPacker.Entry entry : packing.entries()) {
                assertThat(entrySize(entry.detail()))
                        .isEqualTo(entry.sizeBytes())
                        .isLessThanOrEqualTo(240 * 1024);
                all.addAll(uidsIn(entry));
            }
            assertThat(all)
                    .containsExactlyElementsOf(
                            pods.stream().map(PendingPod::uid).toList());
        }

        @Test
        @DisplayName("should fill each entry: the next entry's first pod would not have fitted")
        void greedy() throws Exception {
            List<PendingPod> pods = largeList(1200);
            PutEventsLimits limits = PutEventsLimits.AWS;
            EntryPacker packer = new EntryPacker(limits);

            List<EntryPacker.Entry> entries =
                    packer.pack("eks-dev", "fwd-1", OBSERVED, pods).entries();

            for (int i = 0; i + 1 < entries.size(); i++) {
                String firstOfNext = entries.get(i + 1).podUids().get(0);
                PendingPod next = pods.stream()
                        .filter(p -> p.uid().equals(firstOfNext))
                        .findFirst()
                        .orElseThrow();
                int withNext = entries.get(i).sizeBytes() + 1 + bytes(MAPPER.writeValueAsString(next));
                assertThat(withNext).isGreaterThan(limits.maxEntryBytes());
            }
        }

        @Test
        @DisplayName("should send a pod too large for one entry without node selector and tolerations, and say so")
        void trimsOversizedPod() throws Exception {
            PendingPod giant = TestPendingPods.large("giant", 4000);
            assertThat(bytes(MAPPER.writeValueAsString(giant))).isGreaterThan(240 * 1024);
            EntryPacker packer = new EntryPacker(PutEventsLimits.AWS);

            EntryPacker.Packing packing = packer.pack(
                    "eks-dev", "fwd-1", OBSERVED, List.of(TestPendingPods.pod("a"), giant, TestPendingPods.pod("b")));

            assertThat(packing.trimmedPods()).containsExactly("uid-giant");
            List<String> all = new ArrayList<>();
            for (EntryPacker.Entry entry : packing.entries()) {
                assertThat(entry.sizeBytes()).isLessThanOrEqualTo(240 * 1024);
                all.addAll(uidsIn(entry));
                for (JsonNode pod : MAPPER.readTree(entry.detail()).get("pods")) {
                    if (pod.get("uid").asText().equals("uid-giant")) {
                        assertThat(pod.get("tolerations")).isEmpty();
                        assertThat(pod.get("requests").get("cpu").asText()).isEqualTo("2");
                    }
                }
            }
            assertThat(all).containsExactly("uid-a", "uid-giant", "uid-b");
        }

        @Test
        @DisplayName("should give no entries for no pods")
        void empty() {
            assertThat(new EntryPacker(PutEventsLimits.AWS)
                            .pack("eks-dev", "fwd-1", OBSERVED, List.of())
                            .entries())
                    .isEmpty();
        }
    }

    @Nested
    class Calls {

        @Test
        @DisplayName("should group small entries ten to a call")
        void tenPerCall() {
            EntryPacker packer = new EntryPacker(new PutEventsLimits(2048, 10, 262_144));
            List<EntryPacker.Entry> entries = packer.pack(
                            "eks-dev", "fwd-1", OBSERVED, TestPendingPods.many("web", 300))
                    .entries();
            assertThat(entries).as("precondition").hasSizeGreaterThan(20);

            List<List<EntryPacker.Entry>> calls = packer.calls(entries);

            int expectedCalls = (entries.size() + 9) / 10;
            assertThat(calls).hasSize(expectedCalls);
            for (int i = 0; i < calls.size() - 1; i++) {
                assertThat(calls.get(i)).hasSize(10);
            }
            assertThat(calls.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(entries);
        }

        @Test
        @DisplayName("should keep the total entry size of a call within the call limit")
        void callBytes() {
            PutEventsLimits limits = PutEventsLimits.AWS;
            EntryPacker packer = new EntryPacker(limits);
            List<EntryPacker.Entry> entries =
                    packer.pack("eks-dev", "fwd-1", OBSERVED, largeList(2500)).entries();

            List<List<EntryPacker.Entry>> calls = packer.calls(entries);

            for (List<EntryPacker.Entry> call : calls) {
                assertThat(call).hasSizeBetween(1, 10);
                assertThat(call.stream().mapToInt(EntryPacker.Entry::sizeBytes).sum())
                        .isLessThanOrEqualTo(limits.maxCallBytes());
            }
            assertThat(calls.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(entries);
        }
    }
}
