/**
 * The CPU power model: the embedded default source where no sensor exists. Every figure it produces
 * is estimated. Coefficients: Cloud Carbon Footprint (Apache-2.0), derived from SPECpower_ssj2008.
 */
package io.github.energy4j.model;
