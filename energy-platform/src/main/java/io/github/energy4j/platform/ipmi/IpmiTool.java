package io.github.energy4j.platform.ipmi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code ipmitool} with a hard timeout. The password is handed over through the environment
 * ({@code -E}, {@code IPMI_PASSWORD}) or a file ({@code -f}), never on the command line, so it does not
 * show in {@code ps} or in any message built from the command.
 */
final class IpmiTool {

    /** DCMI Get Power Reading, mode 0x01 (system power statistics), no rolling-average period. */
    static final List<String> DCMI_POWER_READING = List.of("raw", "0x2c", "0x02", "0xdc", "0x01", "0x00", "0x00");

    private final IpmiConfig config;

    IpmiTool(IpmiConfig config) {
        this.config = config;
    }

    /** The full argument list for an ipmitool command such as {@code sensor reading NAME}. */
    List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.ipmitool().toString());
        cmd.add("-I");
        cmd.add(config.iface());
        if (!config.inBand()) {
            cmd.add("-H");
            cmd.add(config.host());
            if (config.port() > 0) {
                cmd.add("-p");
                cmd.add(Integer.toString(config.port()));
            }
            if (!config.user().isEmpty()) {
                cmd.add("-U");
                cmd.add(config.user());
            }
            if (config.passwordFile() != null) {
                cmd.add("-f");
                cmd.add(config.passwordFile().toString());
            } else if (config.passwordEnv() != null) {
                cmd.add("-E");
            }
            if (!config.cipherSuite().isEmpty()) {
                cmd.add("-C");
                cmd.add(config.cipherSuite());
            }
        }
        cmd.addAll(args);
        return cmd;
    }

    /** The environment entries added for the child process (the password, when it comes from the environment). */
    Map<String, String> environment() {
        return !config.inBand() && config.passwordFile() == null && config.passwordEnv() != null
                ? Map.of(IpmiConfig.PASSWORD_ENV, config.passwordEnv()) : Map.of();
    }

    /**
     * Runs ipmitool and returns its standard output.
     *
     * @throws IOException          when it cannot start, exits non-zero (message: its first error line) or
     *                              times out (the process is killed)
     * @throws InterruptedException when the calling thread is interrupted (the process is killed)
     */
    String run(List<String> args) throws IOException, InterruptedException {
        if (config.ipmitool() == null) {
            throw new IOException("ipmitool not found on PATH");
        }
        ProcessBuilder pb = new ProcessBuilder(command(args));
        pb.environment().putAll(environment());
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            long timeoutMs = config.timeout().toMillis();
            long deadline = System.nanoTime() + config.timeout().toNanos();
            InputStream stdout = p.getInputStream();
            InputStream stderr = p.getErrorStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            // Both pipes are emptied while waiting: a child blocked on a full pipe never exits.
            while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                pump(stdout, out, buf);
                pump(stderr, err, buf);
                if (out.size() + err.size() > MAX_OUTPUT_BYTES) {
                    throw new IOException("ipmitool " + String.join(" ", args) + " wrote more than "
                            + MAX_OUTPUT_BYTES + " bytes; stopped");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("ipmitool " + String.join(" ", args) + " did not finish within "
                            + timeoutMs + " ms (BMC slow or unreachable)");
                }
            }
            out.write(stdout.readAllBytes()); // exited: the pipes end here
            err.write(stderr.readAllBytes());
            String o = out.toString(StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("ipmitool " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): "
                        + firstLine(err.toString(StandardCharsets.UTF_8), o));
            }
            return o;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            p.getInputStream().close();
            p.getErrorStream().close();
        }
    }

    /** How often a running ipmitool is checked for exit while its pipes are emptied. */
    private static final long POLL_MILLIS = 10;
    /** More output than any power reading or sensor command gives. */
    static final int MAX_OUTPUT_BYTES = 1 << 20;

    /** Copies what can be read without blocking. */
    private static void pump(InputStream in, ByteArrayOutputStream to, byte[] buf) throws IOException {
        int n;
        while (in.available() > 0 && (n = in.read(buf, 0, Math.min(buf.length, in.available()))) > 0) {
            to.write(buf, 0, n);
        }
    }

    private static String firstLine(String err, String out) {
        for (String s : (err + "\n" + out).split("\n")) {
            String t = s.strip();
            if (!t.isEmpty() && !t.startsWith("Unable to Get Channel Cipher Suites")) {
                return t;
            }
        }
        return "no message";
    }
}
