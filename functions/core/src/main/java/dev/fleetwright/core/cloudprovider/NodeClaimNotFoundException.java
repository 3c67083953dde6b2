package dev.fleetwright.core.cloudprovider;

/** The instance of a NodeClaim no longer exists (already terminated) ([K] NodeClaimNotFoundError). */
public final class NodeClaimNotFoundException extends CloudProviderException {

    /** @param message which instance or NodeClaim */
    public NodeClaimNotFoundException(String message) {
        super(message, false, null);
    }
}
