package io.github.energy4j.internal.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way energy4j loads its service providers (power sources, workload resolvers, intensity providers, GPU
 * advisors): from the calling thread's context class loader, or the service type's own loader when the thread has
 * none, so that a provider on an application's or a plugin's class path is found; a provider that fails to load is
 * skipped with a warning, never fatal; highest priority first.
 *
 * <p>The caller creates the {@link ServiceLoader} itself, because on the module path only a module that declares
 * {@code uses} for a service may load it: {@code Providers.all(ServiceLoader.load(X.class, Providers.loaderFor(X.class)),
 * X::priority, "x provider")}.
 */
public final class Providers {

    private static final Logger LOG = LoggerFactory.getLogger(Providers.class);

    private Providers() {
    }

    /** The class loader to find providers of {@code service} with. */
    public static ClassLoader loaderFor(Class<?> service) {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : service.getClassLoader();
    }

    /**
     * Every provider {@code loader} yields, highest {@code priority} first (a stable sort: equal priorities keep
     * the class path's order); {@code what} names one in the warning about a provider that failed to load.
     */
    public static <T> List<T> all(ServiceLoader<T> loader, ToIntFunction<? super T> priority, String what) {
        List<T> out = new ArrayList<>();
        Iterator<T> it = loader.iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next());
            } catch (ServiceConfigurationError e) {
                // one bad registration must not hide the others
                LOG.warn("skipping a {} that failed to load: {}", what, e.getMessage());
            }
        }
        out.sort(Comparator.comparingInt(priority).reversed());
        return out;
    }
}
