package dev.fleetwright.core.state;

/**
 * A conditional write lost: the record already exists (create) or another writer changed it since it was read
 * (update). The caller re-reads and converges.
 */
public final class ConflictException extends RuntimeException {

    /** @param message which record and which condition failed */
    public ConflictException(String message) {
        super(message);
    }
}
