/**
 * One client of the Prometheus HTTP API for the modules that read Prometheus history (the agent's history
 * report and scheduler extender, the GPU fleet analysis). Exported only to them; not part of the public API.
 */
package io.github.energy4j.internal.prometheus;
