package dev.fleetwright.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared formatting of EC2NodeClass selector terms. */
final class SelectorTerms {

    private SelectorTerms() {}

    /** {@code id=subnet-1} or {@code tags{a=b, c=*}}, fields in the order given, empty ones left out. */
    static String describe(Map<String, String> tags, String... namesAndValues) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (!namesAndValues[i + 1].isEmpty()) {
                parts.add(namesAndValues[i] + "=" + namesAndValues[i + 1]);
            }
        }
        if (!tags.isEmpty()) {
            List<String> tagParts = new ArrayList<>();
            new TreeMap<>(tags).forEach((k, v) -> tagParts.add(k + "=" + v));
            parts.add("tags{" + String.join(", ", tagParts) + "}");
        }
        return String.join(" ", parts);
    }
}
