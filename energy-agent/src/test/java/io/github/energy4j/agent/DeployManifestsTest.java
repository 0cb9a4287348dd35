package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The hardening the deploy files promise (docs/RELIABILITY.md, deploy/kubernetes/README.md), checked on the
 * files themselves so an edit that loosens them fails the build. Line-level checks: the manifests are
 * kept in one plain style (no anchors, no flow mappings beyond one-line lists).
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");

    private static String read(String relative) throws IOException {
        Path p = DEPLOY.resolve(relative);
        assertTrue(Files.isRegularFile(p), "missing " + p.toAbsolutePath().normalize());
        return Files.readString(p);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    @Test
    void shouldRunTheDaemonSetWithAReadOnlyRootNoCapabilitiesAndReadOnlyHostMounts() throws IOException {
        String ds = read("kubernetes/daemonset.yaml");
        assertTrue(ds.contains("readOnlyRootFilesystem: true"), ds);
        assertTrue(ds.contains("allowPrivilegeEscalation: false"), ds);
        assertTrue(ds.contains("drop: [\"ALL\"]"), ds);
        assertTrue(ds.contains("type: RuntimeDefault"), "seccomp profile");
        assertFalse(ds.contains("privileged: true"), ds);
        assertFalse(Pattern.compile("^\\s*add:", Pattern.MULTILINE).matcher(ds).find(), "no capability is added");
        assertFalse(ds.contains("hostNetwork: true"), "pod network only");
        // every host path is mounted read-only; only the emptyDir /tmp is writable
        Matcher mounts = Pattern.compile("mountPath: (\\S+)\\n(\\s+readOnly: true)?").matcher(ds);
        List<String> writable = new ArrayList<>();
        int n = 0;
        while (mounts.find()) {
            n++;
            if (mounts.group(2) == null) {
                writable.add(mounts.group(1));
            }
        }
        assertEquals(3, n, ds);
        assertEquals(List.of("/tmp"), writable);
        assertTrue(ds.contains("emptyDir:"), ds);
    }

    @Test
    void shouldPassOnlyOptionsTheServeCommandKnowsOnThePortThatIsExposed() throws IOException {
        String ds = read("kubernetes/daemonset.yaml");
        List<String> args = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(group(ds, "^\\s*args: \\[(.*)\\]$"));
        while (quoted.find()) {
            args.add(quoted.group(1)); // the flow list's strings; a value may hold commas (node,container,pod)
        }
        assertEquals("serve", args.get(0));
        CommandSpec serve = CliTest.model().getSubcommands().get("serve").getCommandSpec();
        for (String a : args) {
            if (a.startsWith("--")) {
                assertNotNull(serve.findOption(a), a + " is not an option of energy4j serve: "
                        + Cli.optionNames(serve));
            }
        }
        String listen = args.get(args.indexOf("--listen") + 1);
        String port = listen.substring(listen.lastIndexOf(':') + 1);
        assertEquals(port, group(ds, "containerPort: (\\d+)"));
        assertEquals(port, group(read("kubernetes/network-policy/networkpolicy.yaml"), "port: (\\d+)$"));
        assertEquals(port, group(read("kubernetes/service.yaml"), "port: (\\d+)$"));
        // serve's default under Kepler naming is every level: the DaemonSet names its levels, without processes
        String levels = args.get(args.indexOf("--metrics-level") + 1);
        assertEquals("node,container,pod", levels);
        assertFalse(ds.contains(",process") || ds.contains(",vm\""), "per-process series stay off in the DaemonSet");
    }

    @Test
    void shouldPointTheServiceMonitorAtTheServicesMetricsPortAndLabels() throws IOException {
        String sm = read("kubernetes/monitoring/servicemonitor.yaml");
        String svc = read("kubernetes/service.yaml");
        String ds = read("kubernetes/daemonset.yaml");
        String selector = group(sm, "matchLabels:\\n\\s+(\\S+: \\S+)");
        assertTrue(svc.contains("labels:\n    " + selector), "the Service carries " + selector + ":\n" + svc);
        assertTrue(ds.contains("labels:\n        " + selector), "the pods carry " + selector + ":\n" + ds);
        String port = group(sm, "- port: (\\S+)");
        assertEquals(port, group(svc, "- name: (\\S+)\\n\\s+port:"), "the ServiceMonitor scrapes the named Service port");
        assertEquals(port, group(svc, "targetPort: (\\S+)"), "which targets the container's port of that name");
        assertEquals(port, group(ds, "ports:\\n\\s+- name: (\\S+)"));
        assertEquals("/metrics", group(sm, "path: (\\S+)"));
        assertEquals(group(sm, "namespace: (\\S+)"), group(svc, "namespace: (\\S+)"));
        assertTrue(sm.contains("matchNames: [\"" + group(svc, "namespace: (\\S+)") + "\"]"), sm);
        String kustomize = read("kubernetes/monitoring/kustomization.yaml");
        assertTrue(kustomize.contains("- servicemonitor.yaml") && kustomize.contains("- prometheusrule.yaml"), kustomize);
    }

    @Test
    void shouldRunTheNonRootVariantInTheGroupTheHostRulesGrant() throws IOException {
        String patch = read("kubernetes/non-root/run-as-non-root.yaml");
        assertTrue(patch.contains("runAsNonRoot: true"), patch);
        String uid = group(patch, "runAsUser: (\\d+)");
        assertFalse(uid.equals("0"), patch);
        String gid = group(patch, "supplementalGroups: \\[(\\d+)\\]");
        String tmpfiles = read("host/energy4j-rapl.conf");
        List<String> zones = new ArrayList<>();
        for (String line : tmpfiles.split("\n")) {
            if (line.startsWith("z ")) {
                Matcher m = Pattern.compile("z /sys/class/powercap/(\\S+)/energy_uj\\s+0440 root " + gid + " -")
                        .matcher(line);
                assertTrue(m.matches(), line);
                zones.add(m.group(1));
            }
        }
        // top-level zones (package, psys), their subzones (core, uncore, dram) and the MMIO package interface
        assertEquals(List.of("intel-rapl:*", "intel-rapl:*:*", "intel-rapl-mmio:*"), zones, tmpfiles);
        String udev = read("host/99-energy4j-rapl.rules");
        assertTrue(udev.contains("chgrp " + gid + " "), udev);
        assertTrue(udev.contains("chmod 0440 "), udev);
    }
}
