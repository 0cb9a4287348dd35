package io.github.energy4j.nvml;

import com.sun.jna.NativeLibrary;
import io.github.energy4j.nvml.source.NvmlPowerSourceProvider;
import io.github.energy4j.spi.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The stand-in libnvidia-ml built from {@code src/test/c/nvml_stub.c} in the test phase (or here,
 * with gcc, when a test runs outside Maven). Each test writes a scenario file and points the stub at
 * it before opening the source through the real JNA path.
 */
public final class NvmlStub {

    private NvmlStub() {
    }

    /** Path of the compiled stub library. */
    public static synchronized Path library() {
        String prop = System.getProperty("nvml.stub.library");
        Path lib = prop != null ? Paths.get(prop) : Paths.get("target", "nvml-stub", "libnvidia-ml-stub.so");
        if (!Files.isRegularFile(lib)) {
            compile(lib, false);
        }
        return lib.toAbsolutePath();
    }

    /**
     * Path of the stub compiled with {@code STUB_OLD_DRIVER}: a driver that lacks the energy counter,
     * architecture, MIG, {@code _v3} process list and per-process utilisation symbols altogether.
     */
    public static synchronized Path oldDriverLibrary() {
        String prop = System.getProperty("nvml.stub.oldLibrary");
        Path lib = prop != null ? Paths.get(prop) : Paths.get("target", "nvml-stub", "libnvidia-ml-old.so");
        if (!Files.isRegularFile(lib)) {
            compile(lib, true);
        }
        return lib.toAbsolutePath();
    }

    /** Like {@link #context(Path, String)} for {@link #oldDriverLibrary()}. */
    public static SourceContext oldDriverContext(Path dir, String scenario) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("scenario.txt");
        Files.writeString(file, scenario);
        NativeLibrary.getInstance(oldDriverLibrary().toString()).getFunction("nvmlStubSetScenario")
                .invokeVoid(new Object[] {file.toAbsolutePath().toString()});
        return SourceContext.of(dir.resolve("proc"), dir.resolve("sys"))
                .with(NvmlPowerSourceProvider.LIBRARY_KEY, oldDriverLibrary().toString());
    }

    private static void compile(Path lib, boolean oldDriver) {
        try {
            Files.createDirectories(lib.toAbsolutePath().getParent());
            List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1"));
            if (oldDriver) {
                cmd.add("-DSTUB_OLD_DRIVER");
            }
            cmd.addAll(List.of("-o", lib.toString(), Paths.get("src", "test", "c", "nvml_stub.c").toString()));
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("gcc failed to build the NVML stub");
            }
        } catch (IOException e) {
            throw new IllegalStateException("gcc is needed to build the NVML stub: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code scenario} into {@code dir}, selects it in the stub and returns a context loading the stub. */
    public static SourceContext context(Path dir, String scenario) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("scenario.txt");
        Files.writeString(file, scenario);
        useScenario(file);
        return SourceContext.of(dir.resolve("proc"), dir.resolve("sys"))
                .with(NvmlPowerSourceProvider.LIBRARY_KEY, library().toString());
    }

    /** Makes the stub read {@code file} on the next nvmlInit_v2. */
    public static void useScenario(Path file) {
        lib().getFunction("nvmlStubSetScenario").invokeVoid(new Object[] {file.toAbsolutePath().toString()});
    }

    /**
     * Makes nvmlDeviceGetProcessUtilization on {@code device} answer these raw sample structs (whole
     * 32-byte structs of {@code bytes}); {@code null} goes back to the scenario's samples.
     */
    public static void setRawSamples(int device, byte[] bytes) {
        lib().getFunction("nvmlStubSetRawSamples").invokeVoid(
                new Object[] {device, bytes, bytes == null ? 0 : bytes.length});
    }

    public static int initCalls() {
        return lib().getFunction("nvmlStubInitCalls").invokeInt(new Object[0]);
    }

    public static int shutdownCalls() {
        return lib().getFunction("nvmlStubShutdownCalls").invokeInt(new Object[0]);
    }

    private static NativeLibrary lib() {
        return NativeLibrary.getInstance(library().toString());
    }

    /** Two Ampere-class GPUs with energy counters, a 350 W and a 300 W limit. */
    public static final String TWO_GPUS = """
            count=2
            0.name=Stub A100
            0.uuid=GPU-aaaaaaaa-1111-2222-3333-444444444444
            0.arch=7
            0.energy.start=1000
            0.energy.step=250
            0.limit=350000
            0.power=90000
            1.name=Stub A100
            1.uuid=GPU-bbbbbbbb-1111-2222-3333-444444444444
            1.arch=7
            1.energy.start=5000000
            1.energy.step=1000
            1.limit=300000
            1.power=120000
            """;
}
