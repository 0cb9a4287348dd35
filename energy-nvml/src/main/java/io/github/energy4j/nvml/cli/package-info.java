/** The {@code energy4j gpus} command ({@link io.github.energy4j.nvml.cli.GpusCommand}). */
package io.github.energy4j.nvml.cli;
