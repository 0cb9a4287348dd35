package io.github.energy4j.platform.ipmi;

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
            if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException("ipmitool " + String.join(" ", args) + " did not finish within "
                        + timeoutMs + " ms (BMC slow or unreachable)");
            }
            String out = drain(p.getInputStream());
            if (p.exitValue() != 0) {
                throw new IOException("ipmitool " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): "
                        + firstLine(drain(p.getErrorStream()), out));
            }
            return out;
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            p.getInputStream().close();
            p.getErrorStream().close();
        }
    }

    private static String drain(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
