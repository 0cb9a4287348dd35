package io.github.energy4j.agent.serve;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * What {@code kepler_build_info} says about this build, under Kepler's labels. The version is the agent jar's
 * {@code Implementation-Version}; revision and branch come from its {@code SCM-Revision} and {@code SCM-Branch}
 * entries when a build wrote them. Anything the manifest does not say is {@code unknown}, never guessed.
 * {@code goversion} is empty (there is no Go here); {@code javaversion} gives the runtime instead.
 *
 * @param version     Implementation-Version, or {@code unknown}
 * @param revision    SCM-Revision, or {@code unknown}
 * @param branch      SCM-Branch, or {@code unknown}
 * @param arch        CPU architecture in Go's spelling, as Kepler reports it ({@code amd64}, {@code arm64}, ...)
 * @param javaVersion the running Java version
 */
public record BuildInfo(String version, String revision, String branch, String arch, String javaVersion) {

    public static final String UNKNOWN = "unknown";

    /** From a jar manifest (null: none) on this machine's architecture and Java runtime. */
    public static BuildInfo of(Manifest manifest) {
        Attributes a = manifest == null ? new Attributes() : manifest.getMainAttributes();
        return new BuildInfo(value(a, Attributes.Name.IMPLEMENTATION_VERSION.toString()), value(a, "SCM-Revision"),
                value(a, "SCM-Branch"), goArch(System.getProperty("os.arch", "")),
                Runtime.version().toString());
    }

    /** From the manifest of the jar at {@code jar}; all {@code unknown} when it has none or cannot be read. */
    public static BuildInfo ofJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return of(null);
        }
        try (JarFile j = new JarFile(jar.toFile())) {
            return of(j.getManifest());
        } catch (IOException | RuntimeException e) {
            return of(null);
        }
    }

    /** This agent's build: the manifest of the jar this class was loaded from (none when run from classes). */
    public static BuildInfo current() {
        try {
            var src = BuildInfo.class.getProtectionDomain().getCodeSource();
            return src == null ? of(null) : ofJar(Path.of(src.getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            return of(null);
        }
    }

    /** Java's {@code os.arch} in Go's GOARCH names, which Kepler's dashboards show. */
    static String goArch(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        switch (a) {
            case "amd64":
            case "x86_64":
                return "amd64";
            case "aarch64":
            case "arm64":
                return "arm64";
            case "x86":
            case "i386":
            case "i686":
                return "386";
            case "ppc64le":
            case "s390x":
            case "riscv64":
                return a;
            default:
                return a.isEmpty() ? UNKNOWN : a;
        }
    }

    private static String value(Attributes a, String name) {
        String v = a.getValue(name);
        return v == null || v.isBlank() ? UNKNOWN : v.trim();
    }
}
