package io.github.energy4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The node's power per zone, emitted by the sampler after every tick while a recording enables it. */
@Name("io.github.energy4j.ZonePower")
@Label("Zone Power")
@Category({"energy4j"})
@Description("Power of one energy zone of the node over the meter's last sampling interval, and its energy so far")
@StackTrace(false)
public final class ZonePowerEvent extends Event {

    @Label("Zone")
    public String zone;

    @Label("Domain")
    public String domain;

    @Label("Source")
    @Description("The provider that reads the zone (rapl, nvml, model, ...)")
    public String source;

    @Label("Provenance")
    @Description("measured (a sensor) or estimated (a model)")
    public String provenance;

    @Label("Primary")
    @Description("Part of the non-overlapping set whose sum is the node's energy")
    public boolean primary;

    @Label("Power")
    @Description("Watts over the last sampling interval; NaN before two readings or while unreadable")
    public double watts;

    @Label("Energy")
    @Description("Joules since the meter started")
    public double joules;
}
