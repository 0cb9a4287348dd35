package io.github.energy4j.platform.ipmi;

import io.github.energy4j.platform.internal.Durations;
import io.github.energy4j.platform.internal.Executables;
import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated IPMI settings. The password itself is not kept here: it stays in the environment given
 * to {@code ipmitool} ({@code -E}) or in the file named by {@code ipmi.passwordFile} ({@code -f}).
 *
 * @param ipmitool      the {@code ipmitool} binary ({@code ipmi.ipmitool}, else found on {@code PATH}); null when absent
 * @param iface         {@code open} (in-band), {@code lan} or {@code lanplus}
 * @param host          BMC address ({@code ipmi.host}); empty in-band
 * @param port          BMC UDP port ({@code ipmi.port}); 0 for the default 623
 * @param user          BMC user ({@code ipmi.user}); empty for none
 * @param passwordFile  file holding the password ({@code ipmi.passwordFile}); null when unset
 * @param passwordEnv   the password from {@code IPMI_PASSWORD}; null when unset. Never logged.
 * @param cipherSuite   RMCP+ cipher suite ({@code ipmi.cipherSuite}), empty for ipmitool's default
 * @param sensor        SDR power sensor name ({@code ipmi.sensor}); empty to use DCMI
 * @param timeout       per-command timeout ({@code ipmi.timeout}, default 5 s)
 * @param interval      time between two BMC queries ({@code ipmi.interval}, default 2 s)
 * @param staleness     age after which a reading is reported unavailable ({@code ipmi.staleness}, default 10 s)
 */
record IpmiConfig(Path ipmitool, String iface, String host, int port, String user, Path passwordFile,
                  String passwordEnv, String cipherSuite, String sensor, Duration timeout, Duration interval,
                  Duration staleness) {

    static final String PASSWORD_ENV = "IPMI_PASSWORD";

    static IpmiConfig from(SourceContext ctx) throws EnergySourceException {
        try {
            String host = ctx.get("ipmi.host", "");
            String iface = ctx.get("ipmi.interface", host.isEmpty() ? "open" : "lanplus");
            if (!iface.equals("open") && !iface.equals("lan") && !iface.equals("lanplus")) {
                throw new IllegalArgumentException("ipmi.interface must be open, lan or lanplus, was '" + iface + "'");
            }
            if (!iface.equals("open") && host.isEmpty()) {
                throw new IllegalArgumentException("ipmi.interface=" + iface + " needs ipmi.host");
            }
            int port = 0;
            String p = ctx.get("ipmi.port", "");
            if (!p.isEmpty()) {
                port = Integer.parseInt(p);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            }
            if (!ctx.get("ipmi.password", "").isEmpty()) {
                throw new IllegalArgumentException("ipmi.password is not accepted: a password in the configuration "
                        + "ends up on command lines and in dumps; export " + PASSWORD_ENV + " or set ipmi.passwordFile");
            }
            String pf = ctx.get("ipmi.passwordFile", "");
            Path passwordFile = pf.isEmpty() ? null : Path.of(pf);
            if (passwordFile != null && !Files.isReadable(passwordFile)) {
                throw new IllegalArgumentException("ipmi.passwordFile " + passwordFile + " is not readable");
            }
            String bin = ctx.get("ipmi.ipmitool", "");
            Path ipmitool = bin.isEmpty() ? Executables.find("ipmitool", ctx.env("PATH")) : Path.of(bin);
            if (ipmitool != null && !Files.isExecutable(ipmitool)) {
                ipmitool = null;
            }
            Duration timeout = Durations.parse("ipmi.timeout", ctx.get("ipmi.timeout", "5s"));
            Duration interval = Durations.parse("ipmi.interval", ctx.get("ipmi.interval", "2s"));
            Duration staleness = Durations.parse("ipmi.staleness", ctx.get("ipmi.staleness", "10s"));
            return new IpmiConfig(ipmitool, iface, host, port, ctx.get("ipmi.user", ""), passwordFile,
                    ctx.env(PASSWORD_ENV), ctx.get("ipmi.cipherSuite", ""), ctx.get("ipmi.sensor", ""),
                    timeout, interval, staleness);
        } catch (NumberFormatException e) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION,
                    "ipmi.port must be a UDP port 1-65535, was '" + ctx.get("ipmi.port", "") + "'",
                    "fix ipmi.port or leave it unset for 623");
        } catch (IllegalArgumentException e) {
            throw new EnergySourceException(EnergySourceException.Reason.CONFIGURATION, e.getMessage(),
                    "fix the ipmi.* setting named above");
        }
    }

    boolean inBand() {
        return iface.equals("open");
    }

    /** Where the readings come from, for {@code Zone.device()} and messages; never contains the password. */
    String describe() {
        String what = sensor.isEmpty() ? "DCMI power reading" : "sensor \"" + sensor + "\"";
        return inBand() ? "ipmi " + what + " in-band"
                : "ipmi " + what + " via " + iface + " " + host + (port > 0 ? ":" + port : "");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return describe();
    }
}
