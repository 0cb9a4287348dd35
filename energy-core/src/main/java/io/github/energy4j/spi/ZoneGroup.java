package io.github.energy4j.spi;

/**
 * Independent families of zones. For each group the highest-priority available provider wins, so
 * that, for example, RAPL and the CPU model are never both counted as CPU energy.
 */
public enum ZoneGroup {
    CPU, GPU, PLATFORM;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
