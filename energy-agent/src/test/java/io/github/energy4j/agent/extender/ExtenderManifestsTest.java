package io.github.energy4j.agent.extender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/kubernetes/scheduler-extender: the Deployment's arguments start the extender, and the scheduler's entry reaches it. */
class ExtenderManifestsTest {

    private static final Path DIR = Path.of("..", "deploy", "kubernetes", "scheduler-extender");

    @Test
    void shouldStartTheExtenderWithTheDeploymentsArgumentsOnThePortTheSchedulerCalls() throws Exception {
        String deployment = Files.readString(DIR.resolve("deployment.yaml"));
        String config = Files.readString(DIR.resolve("kube-scheduler-config.yaml"));
        Matcher block = Pattern.compile("args:\\n((?:\\s+(?:- .*|#.*)\\n)+)").matcher(deployment);
        assertTrue(block.find(), deployment);
        List<String> args = new ArrayList<>();
        for (String line : block.group(1).split("\\n")) {
            String t = line.strip();
            if (t.startsWith("- ")) {
                args.add(t.substring(2).replaceAll("^\"|\"$", ""));
            }
        }
        assertEquals("scheduler-extender", args.get(0));
        String listen = args.get(args.indexOf("--listen") + 1);
        String port = listen.substring(listen.lastIndexOf(':') + 1);
        assertTrue(deployment.contains("containerPort: " + port), deployment);
        assertTrue(config.contains("svc:" + port + "/scheduler\""), config);
        assertTrue(config.contains("filterVerb: filter") && config.contains("prioritizeVerb: prioritize"), config);
        assertTrue(config.contains("nodeCacheCapable: false"), config);
        assertTrue(deployment.contains("readOnlyRootFilesystem: true") && deployment.contains("runAsNonRoot: true"));
        List<String> local = new ArrayList<>(args.subList(1, args.size()));
        local.set(local.indexOf("--listen") + 1, "127.0.0.1:0");
        try (SchedulerExtenderCommand.Running r = SchedulerExtenderCommand.start(local, Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            assertTrue(r.port() > 0);
        }
    }
}
