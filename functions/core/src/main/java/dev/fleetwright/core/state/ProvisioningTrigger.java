package dev.fleetwright.core.state;

/**
 * Asks the provisioner to look at a cluster soon ("look now" in level-triggered terms), for example when a node starts
 * draining so that replacements launch while it drains. The AWS adapter sends a message to the provisioning queue; the
 * simulator runs the provisioner.
 */
public interface ProvisioningTrigger {

    /**
     * Requests a provisioning reconcile.
     *
     * @param cluster the cluster
     * @param reason why, for logs (for example {@code interruption of i-0123 (spot warning)})
     */
    void provisionSoon(String cluster, String reason);
}
