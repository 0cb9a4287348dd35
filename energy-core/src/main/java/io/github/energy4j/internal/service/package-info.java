/** Service-provider loading shared by the energy4j modules; not part of the public API. */
package io.github.energy4j.internal.service;
