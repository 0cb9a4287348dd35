/** The method-level energy profiler: a Java agent that attributes energy to methods and call paths. */
module io.github.energy4j.profiler {
    requires io.github.energy4j;
    requires java.instrument;
    requires java.management;
    requires jdk.management;
    requires jdk.jfr;
    requires org.slf4j;

    exports io.github.energy4j.profiler;
    // option checking for the command line's profile command; not API
    exports io.github.energy4j.profiler.internal to io.github.energy4j.agent;
}
