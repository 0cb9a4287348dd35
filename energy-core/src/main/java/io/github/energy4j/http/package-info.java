/** Support for the modules that call HTTP services: bounded response bodies. */
package io.github.energy4j.http;
