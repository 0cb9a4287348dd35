package io.github.energy4j.k8s.cgroup;

/** Kubernetes pod QoS class as encoded in the kubelet's cgroup layout. */
public enum QosClass {
    GUARANTEED("guaranteed"),
    BURSTABLE("burstable"),
    BESTEFFORT("besteffort"),
    /** Not a Kubernetes pod, or the layout does not say. */
    UNKNOWN("");

    private final String label;

    QosClass(String label) {
        this.label = label;
    }

    /** The label value: {@code guaranteed}, {@code burstable}, {@code besteffort}, or empty when unknown. */
    public String label() {
        return label;
    }
}
