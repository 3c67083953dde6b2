package dev.fleetwright.core.api.load;

/**
 * A document the configuration loader left alone because it is not configuration (a Deployment, a Pod, a NodeClaim),
 * reported so that nothing disappears without a trace.
 *
 * @param source the file path or source name
 * @param index the 0-based document index
 * @param apiVersion the document's apiVersion
 * @param kind the document's kind
 * @param name the object's name, or null
 */
public record SkippedDocument(String source, int index, String apiVersion, String kind, String name) {

    /** For example {@code workloads.yaml[0] apps/v1 Deployment "inflate"}. */
    @Override
    public String toString() {
        return source + "[" + index + "] " + apiVersion + " " + kind + (name == null ? "" : " \"" + name + "\"");
    }
}
