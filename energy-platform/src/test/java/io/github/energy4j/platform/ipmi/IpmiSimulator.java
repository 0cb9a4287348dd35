package io.github.energy4j.platform.ipmi;

import io.github.energy4j.platform.internal.Executables;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenIPMI's {@code ipmi_sim} BMC on 127.0.0.1: one BMC (0x20) with a threshold "Power Supply"
 * sensor "PSU Input Power" in Watts (linear, M = 2), reachable over RMCP+ with user {@value #USER}.
 * Sensor values are set through the simulator's console port. Optionally with a module that answers
 * DCMI Get Power Reading, which the simulator does not implement itself.
 */
final class IpmiSimulator implements AutoCloseable {

    static final String USER = "e4j";
    static final String PASSWORD = "s3cret-pw";
    static final String SENSOR = "PSU Input Power";

    final int port;
    private final int consolePort;
    private final Process process;

    private IpmiSimulator(int port, int consolePort, Process process) {
        this.port = port;
        this.consolePort = consolePort;
        this.process = process;
    }

    static boolean binariesPresent() {
        String path = System.getenv("PATH");
        return Executables.find("ipmi_sim", path) != null && Executables.find("ipmitool", path) != null;
    }

    /** Starts the simulator with the sensor at {@code rawValue} (watts = 2 × raw). */
    static IpmiSimulator start(Path dir, int rawValue) throws Exception {
        return start(dir, rawValue, null);
    }

    /**
     * Whether gcc is on the {@code PATH}, to build the DCMI module of {@code src/test/c}.
     */
    static boolean compilerPresent() {
        return Executables.find("gcc", System.getenv("PATH")) != null;
    }

    /**
     * Starts the simulator with the sensor at {@code rawValue} and, when {@code dcmiScenario} is not
     * null, the module {@code src/test/c/dcmi_power_reading.c} loaded: the BMC then answers DCMI Get
     * Power Reading with the watts and state written in that file ({@link #setDcmi(Path, int, boolean)}).
     */
    static IpmiSimulator start(Path dir, int rawValue, Path dcmiScenario) throws Exception {
        Files.createDirectories(dir.resolve("state"));
        String loadlib = "";
        if (dcmiScenario != null) {
            Path module = dir.resolve("dcmi_power_reading.so");
            Process gcc = new ProcessBuilder(List.of("gcc", "-shared", "-fPIC", "-O1", "-Wall", "-o", module.toString(),
                    Path.of("src", "test", "c", "dcmi_power_reading.c").toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("gcc.log").toFile()).start();
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc failed to build the DCMI module: "
                        + Files.readString(dir.resolve("gcc.log")));
            }
            loadlib = "loadlib \"" + module.toAbsolutePath() + "\" \"" + dcmiScenario.toAbsolutePath() + "\"";
        }
        int port = freeUdpPort();
        int consolePort = freeTcpPort();
        Files.writeString(dir.resolve("lan.conf"), String.join("\n",
                "name \"energy4j\"",
                "set_working_mc 0x20",
                "startlan 1",
                "  addr 127.0.0.1 " + port,
                "  priv_limit admin",
                "  allowed_auths_callback none md2 md5 straight",
                "  allowed_auths_user none md2 md5 straight",
                "  allowed_auths_operator none md2 md5 straight",
                "  allowed_auths_admin none md2 md5 straight",
                "  guid a123456789abcdefa123456789abcdef",
                "endlan",
                "console 127.0.0.1 " + consolePort,
                loadlib,
                "user 2 true \"" + USER + "\" \"" + PASSWORD + "\" admin 10 none md2 md5 straight",
                ""));
        Files.writeString(dir.resolve("bmc.emu"), String.join("\n",
                "mc_setbmc 0x20",
                "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02",
                "sel_enable 0x20 1000 0x0a",
                "sensor_add 0x20 0 0x10 0x08 0x01",
                "sensor_set_event_support 0x20 0 0x10 enable scanning per-state 000000000000000 "
                        + "000000000000000 000000000000000 000000000000000",
                "sensor_set_value 0x20 0 0x10 " + rawValue + " 0",
                "main_sdr_add 0x20 " + fullSensorRecord(0x10, SENSOR),
                "mc_enable 0x20",
                ""));
        Process p = new ProcessBuilder(List.of("ipmi_sim", "-c", dir.resolve("lan.conf").toString(),
                "-f", dir.resolve("bmc.emu").toString(), "-s", dir.resolve("state").toString(), "-n"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ipmi_sim.log").toFile()).start();
        IpmiSimulator sim = new IpmiSimulator(port, consolePort, p);
        sim.awaitConsole();
        return sim;
    }

    /**
     * An IPMI 2.0 Full Sensor Record (type 0x01): threshold sensor, unsigned analog, unit Watts (6),
     * linear, M = 2, B = 0, exponents 0; 8-bit ASCII id string.
     */
    private static String fullSensorRecord(int number, String name) {
        byte[] id = name.getBytes(StandardCharsets.US_ASCII);
        int[] body = {
            0x20, 0x00, number,         // owner id, owner lun, sensor number
            0x13, 0x01,                 // entity: power unit, instance 1
            0x7f, 0x68,                 // initialisation, capabilities
            0x08, 0x01,                 // sensor type power supply, event/reading type threshold
            0, 0, 0, 0, 0, 0,           // event masks
            0x00, 0x06, 0x00,           // units 1 (unsigned), base unit Watts, modifier unit
            0x00,                       // linearisation: linear
            2, 0, 0, 0, 0,              // M, M/tolerance, B, B/accuracy, accuracy
            0x00,                       // R and B exponents
            0x00,                       // analog characteristic flags
            0, 0, 0, 0xff, 0x00,        // nominal, normal max, normal min, sensor max, sensor min
            0, 0, 0, 0, 0, 0,           // thresholds
            0, 0, 0, 0, 0,              // hysteresis, reserved, OEM
            0xc0 | id.length,           // id string: 8-bit ASCII
        };
        StringBuilder sb = new StringBuilder();
        int length = body.length + id.length;
        for (int b : new int[] {0x01, 0x00, 0x51, 0x01, length}) {
            sb.append(String.format("0x%02x ", b));
        }
        for (int b : body) {
            sb.append(String.format("0x%02x ", b));
        }
        for (byte b : id) {
            sb.append(String.format("0x%02x ", b));
        }
        return sb.toString().trim();
    }

    /** Writes what the DCMI module answers next: current watts and whether measurement is active. */
    static void setDcmi(Path scenario, int watts, boolean active) throws IOException {
        Path tmp = scenario.resolveSibling(scenario.getFileName() + ".tmp");
        Files.writeString(tmp, watts + " " + (active ? 1 : 0) + "\n");
        Files.move(tmp, scenario, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sets the sensor's raw value through the simulator console (watts = 2 × raw). */
    void setRaw(int rawValue) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), consolePort);
             Writer w = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII)) {
            s.setSoTimeout(5000);
            awaitPrompts(s, 1);
            w.write("sensor_set_value 0x20 0 0x10 " + rawValue + " 0\n");
            w.flush();
            awaitPrompts(s, 1);
        }
    }

    /**
     * Reads console output up to the given number of {@code "> "} prompts. The console must be read
     * before the socket is closed: ipmi_sim dies of SIGPIPE when it writes to a closed connection.
     */
    private static void awaitPrompts(Socket s, int prompts) throws IOException {
        java.io.InputStream in = s.getInputStream();
        int seen = 0;
        int previous = -1;
        int c;
        while (seen < prompts && (c = in.read()) >= 0) {
            if (previous == '>' && c == ' ') {
                seen++;
            }
            previous = c;
        }
    }

    private void awaitConsole() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ipmi_sim exited with " + process.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), consolePort)) {
                s.setSoTimeout(5000);
                awaitPrompts(s, 1);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("ipmi_sim did not open its console within 10 s");
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
