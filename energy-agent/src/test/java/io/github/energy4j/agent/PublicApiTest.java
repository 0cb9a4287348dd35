package io.github.energy4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What users may depend on forever: the public top-level types of the packages our module descriptors export to
 * everyone. Read from the descriptors and the classes themselves, so a new export or a new public class counts.
 */
class PublicApiTest {

    /**
     * The budget of public top-level types in unqualified exports, over every module of the build (issue 22: a
     * deliberate public API). Types that belong to one type are nested in it ({@code Zone.Domain},
     * {@code WorkloadCpuReader.Sink}); implementations live in {@code internal} packages. Lower it whenever a type
     * leaves the public API; never raise it without a reason.
     */
    static final int BUDGET = 60;

    /**
     * API members whose signatures name a type applications cannot name (the list is printed when the count grows).
     * Lower it when one is fixed.
     */
    static final int KNOWN_LEAKS = 0;

    private static final Pattern EXPORTS = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*(;|to\\b)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile("(?m)^public\\s+"
            + "(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|enum|record|@interface)\\s");

    @Test
    void shouldKeepThePublicApiOfEveryModuleWithinItsBudget() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("energy-core/src/main/java/module-info.java")),
                "run from the energy-agent module of the build: " + root);
        Map<String, TreeSet<String>> api = new TreeMap<>();
        List<Path> descriptors;
        try (Stream<Path> modules = Files.list(root)) {
            descriptors = modules.map(m -> m.resolve("src/main/java/module-info.java")).filter(Files::isRegularFile)
                    .sorted().toList();
        }
        for (Path descriptor : descriptors) {
            Path sources = descriptor.getParent();
            TreeSet<String> types = new TreeSet<>();
            Matcher e = EXPORTS.matcher(Files.readString(descriptor));
            while (e.find()) {
                if (e.group(2).equals("to")) {
                    continue; // qualified: only our own modules may read it
                }
                try (Stream<Path> files = Files.list(sources.resolve(e.group(1).replace('.', '/')))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String file = f.getFileName().toString();
                        if (file.endsWith(".java") && PUBLIC_TYPE.matcher(Files.readString(f)).find()) {
                            types.add(e.group(1).substring("io.github.energy4j".length()) + "."
                                    + file.substring(0, file.length() - 5));
                        }
                    }
                }
            }
            api.put(root.relativize(descriptor).getName(0).toString(), types);
        }
        assertTrue(api.size() >= 11, "every module of the build was read: " + api.keySet());
        assertTrue(api.get("energy-core").contains(".EnergyMeter"), "the count sees the core's API: " + api);
        int n = api.values().stream().mapToInt(TreeSet::size).sum();
        StringBuilder listing = new StringBuilder();
        api.forEach((module, types) -> listing.append('\n').append(module).append(" (").append(types.size())
                .append("): ").append(String.join(", ", types)));
        assertTrue(n <= BUDGET, n + " public types in unqualified exports, budget " + BUDGET + ":" + listing);
    }

    @Test
    void shouldExportNothingFromTheAgentOrAnyInternalPackage() throws Exception {
        for (ModuleDescriptor d : descriptors().keySet()) {
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (!e.isQualified()) {
                    assertTrue(!e.source().contains(".internal") && !d.name().equals("io.github.energy4j.agent"),
                            d.name() + " exports " + e.source() + " to everyone");
                }
            }
        }
        assertEquals(0, publicApi().getOrDefault("io.github.energy4j.agent", new TreeSet<>()).size());
    }

    @Test
    void shouldNameOnlyExportedTypesInTheSignaturesOfTheApi() throws Exception {
        Set<String> exported = new HashSet<>();
        for (ModuleDescriptor d : descriptors().keySet()) {
            for (ModuleDescriptor.Exports e : d.exports()) {
                if (!e.isQualified()) {
                    exported.add(e.source());
                }
            }
        }
        Set<String> leaks = new TreeSet<>();
        for (TreeSet<String> types : publicApi().values()) {
            for (String t : types) {
                Class<?> c = Class.forName("io.github.energy4j." + t, false, PublicApiTest.class.getClassLoader());
                for (Map.Entry<String, Type> use : signatureTypes(c)) {
                    for (Class<?> named : rawClasses(use.getValue(), new ArrayList<>())) {
                        String pkg = named.getPackageName();
                        boolean ours = pkg.startsWith("io.github.energy4j");
                        if (ours && (!exported.contains(pkg) || !Modifier.isPublic(named.getModifiers()))) {
                            leaks.add(t + "." + use.getKey() + " names " + named.getName());
                        }
                    }
                }
            }
        }
        // a type that applications cannot name (not exported to them, or not public) makes the member unusable
        assertTrue(leaks.size() <= KNOWN_LEAKS, leaks.size() + " API members name types outside the API, "
                + KNOWN_LEAKS + " known:\n" + String.join("\n", leaks));
    }

    /** Public and protected members of {@code c} (and of its visible nested types), each with a type it names. */
    private static List<Map.Entry<String, Type>> signatureTypes(Class<?> c) {
        List<Map.Entry<String, Type>> out = new ArrayList<>();
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m.getModifiers()) && !m.isSynthetic()) {
                out.add(Map.entry(m.getName(), m.getGenericReturnType()));
                for (Type p : m.getGenericParameterTypes()) {
                    out.add(Map.entry(m.getName(), p));
                }
                for (Type x : m.getGenericExceptionTypes()) {
                    out.add(Map.entry(m.getName(), x));
                }
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k.getModifiers()) && !k.isSynthetic()) {
                for (Type p : k.getGenericParameterTypes()) {
                    out.add(Map.entry("<init>", p));
                }
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (visible(f.getModifiers()) && !f.isSynthetic()) {
                out.add(Map.entry(f.getName(), f.getGenericType()));
            }
        }
        if (c.getGenericSuperclass() != null) {
            out.add(Map.entry("extends", c.getGenericSuperclass()));
        }
        for (Type i : c.getGenericInterfaces()) {
            out.add(Map.entry("implements", i));
        }
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (visible(nested.getModifiers())) {
                for (Map.Entry<String, Type> e : signatureTypes(nested)) {
                    out.add(Map.entry(nested.getSimpleName() + "." + e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static List<Class<?>> rawClasses(Type t, List<Class<?>> out) {
        if (t instanceof Class<?> c) {
            out.add(c.isArray() ? c.getComponentType() : c);
        } else if (t instanceof ParameterizedType p) {
            rawClasses(p.getRawType(), out);
            for (Type a : p.getActualTypeArguments()) {
                rawClasses(a, out);
            }
        } else if (t instanceof GenericArrayType g) {
            rawClasses(g.getGenericComponentType(), out);
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                rawClasses(b, out);
            }
            for (Type b : w.getLowerBounds()) {
                rawClasses(b, out);
            }
        }
        return out;
    }

    /** Module name → public top-level types (simple package-qualified names) of its unqualified exports. */
    static Map<String, TreeSet<String>> publicApi() throws Exception {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Map.Entry<ModuleDescriptor, Path> m : descriptors().entrySet()) {
            TreeSet<String> types = new TreeSet<>();
            for (ModuleDescriptor.Exports e : m.getKey().exports()) {
                if (e.isQualified()) {
                    continue;
                }
                Path dir = m.getValue().resolve(e.source().replace('.', '/'));
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        String file = f.getFileName().toString();
                        if (!file.endsWith(".class") || file.contains("$") || file.equals("package-info.class")) {
                            continue;
                        }
                        String name = e.source() + "." + file.substring(0, file.length() - 6);
                        if (Modifier.isPublic(Class.forName(name, false, PublicApiTest.class.getClassLoader())
                                .getModifiers())) {
                            types.add(name.substring("io.github.energy4j.".length()));
                        }
                    }
                }
            }
            out.put(m.getKey().name(), types);
        }
        return out;
    }

    /** Every energy4j module descriptor on the class path, with the root (directory or jar) it came from. */
    static Map<ModuleDescriptor, Path> descriptors() throws IOException {
        Map<ModuleDescriptor, Path> out = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
        Enumeration<URL> urls = PublicApiTest.class.getClassLoader().getResources("module-info.class");
        for (URL url : Collections.list(urls)) {
            ModuleDescriptor d;
            try (InputStream in = url.openStream()) {
                d = ModuleDescriptor.read(in);
            }
            if (!d.name().startsWith("io.github.energy4j")) {
                continue;
            }
            out.put(d, root(url));
        }
        return out;
    }

    private static Path root(URL moduleInfo) throws IOException {
        String s = moduleInfo.toString();
        if (s.startsWith("jar:")) {
            URI jar = URI.create(s.substring(0, s.indexOf("!/")));
            FileSystem fs;
            try {
                fs = FileSystems.newFileSystem(jar, Map.of());
            } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                fs = FileSystems.getFileSystem(jar);
            }
            return fs.getPath("/");
        }
        return Path.of(URI.create(s)).getParent();
    }

}
