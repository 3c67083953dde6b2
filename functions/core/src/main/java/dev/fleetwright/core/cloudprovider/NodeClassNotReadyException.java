package dev.fleetwright.core.cloudprovider;

/**
 * An EC2NodeClass cannot be used to launch yet: no subnet or security group matches its selector terms, its AMI or
 * instance profile cannot be resolved ([K] NodeClassNotReadyError). Not retried until the next reconcile.
 */
public final class NodeClassNotReadyException extends CloudProviderException {

    /** @param message what is missing, naming the EC2NodeClass and the field */
    public NodeClassNotReadyException(String message) {
        super(message, false, null);
    }
}
