/**
 * Pod metadata (name, namespace, container names, CPU requests) from the kubelet {@code /pods} endpoint or the
 * API server, kept fresh on one background daemon thread; readers get immutable snapshots and never block.
 */
package io.github.energy4j.k8s.pods;
