/** Micrometer binder; needs micrometer-core on the class path (an optional dependency). */
package io.github.energy4j.micrometer;
