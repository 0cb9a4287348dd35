package io.github.energy4j.platform.redfish;

import io.github.energy4j.spi.EnergySourceException;
import io.github.energy4j.spi.PowerSource;
import io.github.energy4j.spi.PowerSourceProvider;
import io.github.energy4j.spi.Probe;
import io.github.energy4j.spi.SourceContext;
import io.github.energy4j.spi.Zone;
import java.io.IOException;

/**
 * Provider {@code redfish}: whole-platform power from the BMC's Redfish service
 * ({@code redfish.url}, {@code redfish.user}, password in {@code REDFISH_PASSWORD} or
 * {@code redfish.passwordFile}). TLS certificates are verified unless {@code redfish.insecure=true};
 * {@code redfish.caFile} adds the BMC's CA. {@link #probe(SourceContext)} contacts the service.
 */
public final class RedfishPowerSourceProvider implements PowerSourceProvider {

    static final String ID = "redfish";

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
        return 45;
    }

    @Override
    public String description() {
        return "whole-machine power from the BMC's Redfish service (Chassis EnvironmentMetrics, PowerSubsystem or Power)";
    }

    @Override
    public Probe probe(SourceContext context) {
        try (PowerSource s = open(context)) {
            return Probe.available(s.zones());
        } catch (EnergySourceException e) {
            return Probe.unavailable(e.getMessage(), e.remedy());
        } catch (RuntimeException e) {
            return Probe.unavailable("Redfish probe failed: " + e, "");
        }
    }

    @Override
    public PowerSource open(SourceContext context) throws EnergySourceException {
        RedfishConfig config = RedfishConfig.from(context);
        try {
            return RedfishPowerSource.open(config);
        } catch (RedfishException e) {
            boolean auth = e.status() == 401 || e.status() == 403;
            throw new EnergySourceException(auth ? EnergySourceException.Reason.PERMISSION_DENIED
                    : EnergySourceException.Reason.DEVICE_ERROR, e.getMessage(), auth
                    ? "check redfish.user and the password (" + RedfishConfig.PASSWORD_ENV + " or redfish.passwordFile), "
                            + "or try redfish.auth=basic"
                    : "check redfish.url and that the BMC serves /redfish/v1/Chassis", e);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String remedy = m.contains("TLS") || m.contains("certificate")
                    ? "set redfish.caFile to the PEM certificate of the BMC or its CA (redfish.insecure=true "
                            + "disables verification)"
                    : m.contains("timed out") ? "check that the BMC answers, or raise redfish.timeout"
                    : "check redfish.url, redfish.chassis and the BMC's Redfish service";
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "Redfish at " + config.url() + ": " + m, remedy, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnergySourceException(EnergySourceException.Reason.DEVICE_ERROR,
                    "interrupted while contacting " + config.url(), "", e);
        }
    }
}
