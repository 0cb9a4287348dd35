package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.jna.Native;
import io.github.energy4j.EnergyMeter;
import io.github.energy4j.carbon.providers.IntensityProviders;
import io.github.energy4j.k8s.K8sWorkloadResolverProvider;
import io.github.energy4j.nvml.GpuDevice;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The providers that left the exported packages still load on the module path: a {@code provides … with} class
 * need not be exported. The tests run on the class path (META-INF/services), so this one builds a module layer from
 * the same jars (or class directories) and asks {@link ServiceLoader} there.
 */
class ModulePathProvidersTest {

    @Test
    void shouldLoadTheNvmlAndK8sProvidersFromPackagesThatAreNotExportedToApplications() throws Exception {
        ModuleLayer layer = layer();
        Module nvml = layer.findModule("io.github.energy4j.nvml").orElseThrow();
        Module k8s = layer.findModule("io.github.energy4j.k8s").orElseThrow();
        assertFalse(nvml.isExported("io.github.energy4j.nvml.source"), "the power source is not API");
        assertFalse(nvml.isExported("io.github.energy4j.nvml.analysis.internal"), "the advisors are not API");
        assertTrue(nvml.isExported("io.github.energy4j.nvml.analysis"), "the analysis is API");
        assertFalse(k8s.isExported("io.github.energy4j.k8s"), "the resolver is not API");

        assertEquals(Set.of("io.github.energy4j.nvml.analysis.internal.ChatCompletionsGpuAdvisor",
                        "io.github.energy4j.nvml.analysis.internal.RuleGpuAdvisor"),
                providers(layer, "io.github.energy4j.nvml", "io.github.energy4j.nvml.analysis.GpuAdvisor"));
        Set<String> sources = providers(layer, "io.github.energy4j", "io.github.energy4j.spi.PowerSourceProvider");
        assertTrue(sources.contains("io.github.energy4j.nvml.source.NvmlPowerSourceProvider"), sources.toString());
        assertEquals(Set.of("io.github.energy4j.k8s.K8sWorkloadResolverProvider"),
                providers(layer, "io.github.energy4j", "io.github.energy4j.spi.WorkloadResolverProvider"));
    }

    @Test
    void shouldLoadTheBuiltInCarbonIntensityProvidersFromTheirNonExportedPackage() throws Exception {
        ModuleLayer layer = layer();
        Module carbon = layer.findModule("io.github.energy4j.carbon").orElseThrow();
        assertTrue(carbon.isExported("io.github.energy4j.carbon.providers"), "the SPI is API");
        assertFalse(carbon.isExported("io.github.energy4j.carbon.providers.internal"), "the providers are not API");
        assertFalse(carbon.isExported("io.github.energy4j.carbon.internal"), "the intensity classes are not API");

        String in = "io.github.energy4j.carbon.providers.internal.";
        assertEquals(Set.of(in + "CarbonAwareSdkProvider", in + "CsvFileProvider", in + "ElectricityMapsProvider",
                        in + "EmbeddedProvider", in + "FixedProvider", in + "UkGridProvider", in + "WattTimeProvider"),
                providers(layer, "io.github.energy4j.carbon", "io.github.energy4j.carbon.providers.IntensityProvider"));
    }

    /** Provider classes of {@code service} in {@code layer}, each instantiated once (as an application would). */
    private static Set<String> providers(ModuleLayer layer, String serviceModule, String service) throws Exception {
        Class<?> type = layer.findLoader(serviceModule).loadClass(service);
        Set<String> out = new TreeSet<>();
        for (ServiceLoader.Provider<?> p : ServiceLoader.load(layer, type).stream().toList()) {
            if (p.type().getModule().getLayer() == layer) {
                p.get(); // the loader may instantiate a provider in a package that is not exported
                out.add(p.type().getName());
            }
        }
        return out;
    }

    /** energy-core, energy-nvml, energy-k8s and energy-carbon with what they require, from where this test's class path has them. */
    private static ModuleLayer layer() throws URISyntaxException {
        List<Class<?>> anchors = List.of(EnergyMeter.class, GpuDevice.class, K8sWorkloadResolverProvider.class,
                IntensityProviders.class, Native.class, Logger.class, JsonFactory.class);
        Path[] paths = new Path[anchors.size()];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = Path.of(anchors.get(i).getProtectionDomain().getCodeSource().getLocation().toURI());
        }
        Configuration cf = ModuleLayer.boot().configuration().resolveAndBind(ModuleFinder.of(paths),
                ModuleFinder.of(), Set.of("io.github.energy4j.nvml", "io.github.energy4j.k8s", "io.github.energy4j.carbon"));
        return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
    }
}
