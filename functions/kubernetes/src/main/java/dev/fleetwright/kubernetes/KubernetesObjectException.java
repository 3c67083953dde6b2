package dev.fleetwright.kubernetes;

/**
 * An object read from the API server that cannot be mapped to a core record: a field breaks a rule the API server
 * normally enforces (for example an unknown taint effect). The message names the object and the field path.
 */
public final class KubernetesObjectException extends KubernetesException {

    /**
     * @param message {@code Kind namespace/name: field.path: rule}
     * @param cause the mapping failure; may be null
     */
    KubernetesObjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
