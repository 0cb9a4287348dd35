/**
 * The constant and time-series intensity sources behind the {@link io.github.energy4j.carbon.CarbonIntensities}
 * factories; not exported. Look-ups are allocation-free (a field read, a binary search over primitive arrays).
 */
package io.github.energy4j.carbon.internal;
