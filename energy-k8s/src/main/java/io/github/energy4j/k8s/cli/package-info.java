/** Command-line entry points dispatched by the {@code energy4j} CLI: {@code ps}. */
package io.github.energy4j.k8s.cli;
