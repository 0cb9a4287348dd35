/** Per-container, per-pod and per-namespace energy totals, and the idle-energy split by CPU requests. */
package io.github.energy4j.k8s.attribution;
