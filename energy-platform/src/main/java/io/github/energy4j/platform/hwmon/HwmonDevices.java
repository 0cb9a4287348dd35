package io.github.energy4j.platform.hwmon;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which hwmon devices measure the whole platform.
 *
 * <p>The rule is an allow-list, because most hwmon devices that report power measure one part:
 * CPU sensors ({@code amd_energy}, {@code zenpower}, {@code k10temp}, {@code coretemp},
 * {@code fam15h_power}), GPUs ({@code amdgpu}, {@code nouveau}), disks ({@code nvme},
 * {@code drivetemp}) and voltage regulators ({@code isl68137}, {@code mp2975}, ...) feed one rail.
 * Counting them as platform power would make {@code other} (platform minus CPU and GPU) wrong.
 *
 * <ul>
 *   <li><b>Meters</b> ({@code acpi_power_meter}, {@code power_meter}) measure the whole system
 *       at the wall. When any is present, only meters are used.
 *   <li><b>Power supplies</b> (PMBus PSU drivers: {@code ibm_cffps*}, {@code dps920ab},
 *       {@code *ipsps*}, {@code pfe1100}/{@code pfe3000}, {@code ym2151}/{@code yh5151e},
 *       {@code crps*}, {@code acbel_fsg*}, {@code lineage_pem}): the input side of every PSU; their
 *       sum is the platform power. Used only when no meter is present.
 *   <li>Anything else is not platform power. {@code hwmon.devices} (comma-separated hwmon names)
 *       replaces the list for a board whose meter is not known here.
 * </ul>
 */
final class HwmonDevices {

    /** Whether a device is a system meter or a power supply. */
    enum Role { METER, SUPPLY, NONE }

    private static final Set<String> METERS = Set.of("acpi_power_meter", "power_meter");
    private static final List<String> SUPPLY_PREFIXES = List.of("ibm_cffps", "dps920ab", "ipsps",
            "inspur_ipsps", "pfe1100", "pfe3000", "ym2151", "yh5151", "crps", "acbel_fsg", "lineage_pem");

    private final Set<String> configured;

    /** @param configured hwmon names from {@code hwmon.devices}; empty for the built-in rule */
    HwmonDevices(Set<String> configured) {
        this.configured = configured;
    }

    /** Parses {@code hwmon.devices}. */
    static HwmonDevices fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return new HwmonDevices(Set.of());
        }
        java.util.HashSet<String> names = new java.util.HashSet<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                names.add(normalise(s));
            }
        }
        return new HwmonDevices(Set.copyOf(names));
    }

    Role roleOf(String hwmonName) {
        String n = normalise(hwmonName);
        if (!configured.isEmpty()) {
            return configured.contains(n) ? (METERS.contains(n) ? Role.METER : Role.SUPPLY) : Role.NONE;
        }
        if (METERS.contains(n)) {
            return Role.METER;
        }
        for (String prefix : SUPPLY_PREFIXES) {
            if (n.startsWith(prefix)) {
                return Role.SUPPLY;
            }
        }
        return Role.NONE;
    }

    private static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
