package dev.fleetwright.kubernetes;

/**
 * A Kubernetes resource in one API version, for requests and messages.
 *
 * @param group the API group; empty for the core group
 * @param version the version, for example {@code v1}
 * @param plural the resource name, for example {@code pods}
 */
record ResourceRef(String group, String version, String plural) {

    static final ResourceRef PODS = new ResourceRef("", "v1", "pods");
    static final ResourceRef NODES = new ResourceRef("", "v1", "nodes");
    static final ResourceRef NAMESPACES = new ResourceRef("", "v1", "namespaces");
    static final ResourceRef DAEMON_SETS = new ResourceRef("apps", "v1", "daemonsets");
    static final ResourceRef POD_EVICTIONS = new ResourceRef("", "v1", "pods/eviction");
    static final ResourceRef VOLUME_ATTACHMENTS = new ResourceRef("storage.k8s.io", "v1", "volumeattachments");

    /** {@code plural.group}, or {@code plural} for the core group, as kubectl and RBAC messages name resources. */
    String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code group/version}, or {@code version} for the core group. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
