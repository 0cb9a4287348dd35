/**
 * Per-container, per-pod and per-namespace energy totals, and the idle-energy split by CPU requests. Exported only to
 * the agent: both take the pod metadata snapshot ({@code k8s.pods.PodView}), which is not API.
 */
package io.github.energy4j.k8s.attribution;
