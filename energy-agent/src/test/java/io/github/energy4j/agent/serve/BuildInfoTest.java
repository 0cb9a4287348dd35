package io.github.energy4j.agent.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildInfoTest {

    @TempDir
    Path tmp;

    @Test
    void shouldTakeVersionRevisionAndBranchFromTheJarManifest() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.4.2");
        m.getMainAttributes().putValue("SCM-Revision", "b65f1c4");
        m.getMainAttributes().putValue("SCM-Branch", "main");
        Path jar = tmp.resolve("agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        BuildInfo b = BuildInfo.ofJar(jar);
        assertEquals("1.4.2", b.version());
        assertEquals("b65f1c4", b.revision());
        assertEquals("main", b.branch());
        assertEquals(BuildInfo.goArch(System.getProperty("os.arch")), b.arch());
        assertEquals(Runtime.version().toString(), b.javaVersion());
    }

    @Test
    void shouldSayUnknownForWhatTheManifestDoesNotHave() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "0.1.0-SNAPSHOT");
        BuildInfo b = BuildInfo.of(m);
        assertEquals("0.1.0-SNAPSHOT", b.version());
        assertEquals("unknown", b.revision());
        assertEquals("unknown", b.branch());
        BuildInfo none = BuildInfo.ofJar(tmp.resolve("not-a-jar"));
        assertEquals("unknown", none.version());
        Files.writeString(tmp.resolve("broken.jar"), "not a zip");
        assertEquals("unknown", BuildInfo.ofJar(tmp.resolve("broken.jar")).version());
    }

    @Test
    void shouldBeUnknownWhenRunFromClassesWithoutAJar() {
        // the tests run from target/classes: no manifest, so nothing is claimed
        assertEquals("unknown", BuildInfo.current().version());
    }

    @Test
    void shouldSpellTheArchitectureAsKeplerDoes() {
        assertEquals("amd64", BuildInfo.goArch("amd64"));
        assertEquals("amd64", BuildInfo.goArch("x86_64"));
        assertEquals("arm64", BuildInfo.goArch("aarch64"));
        assertEquals("386", BuildInfo.goArch("i386"));
        assertEquals("ppc64le", BuildInfo.goArch("ppc64le"));
        assertEquals("unknown", BuildInfo.goArch(""));
    }
}
