package io.github.energy4j.platform.ipmi;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Provider {@code ipmi}: whole-platform power from the BMC (DCMI Get Power Reading, or the SDR
 * sensor named by {@code ipmi.sensor}) through {@code ipmitool}.
 *
 * <p>In-band when {@code ipmi.host} is unset (needs {@code /dev/ipmi0}, usually root); over the LAN
 * with {@code ipmi.host}, {@code ipmi.user} and the password in {@code IPMI_PASSWORD} or
 * {@code ipmi.passwordFile}. {@link #probe(SourceContext)} queries the BMC once, bounded by
 * {@code ipmi.timeout}.
 */
public final class IpmiPowerSourceProvider implements PowerSourceProvider {

    static final String ID = "ipmi";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Zone.Group group() {
        return Zone.Group.PLATFORM;
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public String description() {
        return "whole-machine power from the BMC over IPMI (DCMI power reading or an SDR power sensor)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try {
            IpmiConfig config = check(context);
            IpmiPowerSource source = new IpmiPowerSource(config);
            try {
                source.checkSensorUnit();
                source.queryWatts();
            } finally {
                source.close();
            }
            return Probe.available(List.of(IpmiPowerSource.zone(config)));
        } catch (EnergySourceException e) {
            return Probe.unavailable(e.getMessage(), e.remedy());
        } catch (IOException e) {
            return Probe.unavailable(e.getMessage(), remedyFor(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.unavailable("interrupted while querying the BMC", "");
        } catch (RuntimeException e) {
            return Probe.unavailable("IPMI probe failed: " + e, "");
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        IpmiConfig config = check(context);
        IpmiPowerSource source = new IpmiPowerSource(config);
        try {
            source.checkSensorUnit();
            source.start();
            return source;
        } catch (IOException e) {
            source.close();
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR, e.getMessage(),
                    remedyFor(e.getMessage()), e);
        } catch (InterruptedException e) {
            source.close();
            Thread.currentThread().interrupt();
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "interrupted while querying the BMC", "", e);
        }
    }

    /** Configuration, binary and device checks that need no BMC. */
    private static IpmiConfig check(SourceContext context) throws EnergySourceException {
        IpmiConfig config = IpmiConfig.from(context);
        if (config.ipmitool() == null) {
            throw new EnergySourceException(EnergySourceException.Reason.LIBRARY_MISSING,
                    "ipmitool not found on PATH", "apt-get install ipmitool (or set ipmi.ipmitool to its path)");
        }
        if (config.inBand()) {
            Path dev = inBandDevice(context.devfs());
            if (dev == null) {
                throw new EnergySourceException(EnergySourceException.Reason.NOT_SUPPORTED,
                        "no in-band IPMI device (" + context.devfs().resolve("ipmi0") + ") and ipmi.host not set",
                        "load the drivers (modprobe ipmi_si ipmi_devintf), or set ipmi.host, ipmi.user and "
                                + "IPMI_PASSWORD to reach the BMC over the LAN");
            }
            if (!Files.isReadable(dev) || !Files.isWritable(dev)) {
                throw new EnergySourceException(EnergySourceException.Reason.PERMISSION_DENIED,
                        dev + " is not readable and writable by this user",
                        "run as root, or grant a group access to " + dev + " with a udev rule");
            }
        } else if (!config.user().isEmpty() && config.passwordFile() == null && config.passwordEnv() == null) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                    "ipmi.user is set but no password was given",
                    "export " + IpmiConfig.PASSWORD_ENV + " or set ipmi.passwordFile");
        }
        return config;
    }

    private static Path inBandDevice(Path devfs) {
        for (Path p : List.of(devfs.resolve("ipmi0"), devfs.resolve("ipmi").resolve("0"),
                devfs.resolve("ipmidev").resolve("0"))) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    static String remedyFor(String message) {
        String m = message == null ? "" : message;
        if (m.contains("Invalid command") || m.contains("rsp=0xc1") || m.contains("not a DCMI")) {
            return "this BMC does not implement DCMI power reading; set ipmi.sensor to a power sensor "
                    + "listed by 'ipmitool sdr type \"Power Supply\"' or 'ipmitool sensor list'";
        }
        if (m.contains("did not finish")) {
            return "check that the BMC answers on the network (ipmitool ... mc info) or raise ipmi.timeout";
        }
        if (m.contains("session") || m.contains("Authentication") || m.contains("password")) {
            return "check ipmi.user, the password (IPMI_PASSWORD or ipmi.passwordFile), ipmi.interface and "
                    + "ipmi.cipherSuite";
        }
        return "run the same ipmitool command by hand to see the BMC's answer";
    }
}
