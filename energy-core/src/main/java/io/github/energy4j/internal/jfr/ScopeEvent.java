package io.github.energy4j.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A closed {@code EnergyScope}: its span is the event's duration. */
@Name("io.github.energy4j.Scope")
@Label("Energy Scope")
@Category({"energy4j"})
@Description("The energy of one EnergyScope: CPU time of its threads and tasks priced at the node's active joules "
        + "per CPU-second, and this process's GPU energy over the span")
@StackTrace(false)
public final class ScopeEvent extends Event {

    @Label("Name")
    public String name;

    @Label("CPU Energy")
    @Description("Joules; NaN when unavailable")
    public double joules;

    @Label("GPU Energy")
    @Description("Joules of this process's attributed GPU energy over the span")
    public double gpuJoules;

    @Label("CPU Time")
    @Timespan(Timespan.NANOSECONDS)
    public long cpuTime;

    @Label("Provenance")
    @Description("measured, estimated (a model price or virtual-thread samples) or unavailable")
    public String provenance;
}
