package io.github.energy4j.junit;

import io.github.energy4j.EnergyMeter;
import io.github.energy4j.EnergyScope;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Meters the energy of each test with an {@link EnergyScope} and reports it; enforces {@link EnergyBudget}s.
 * Register it with {@link MeterEnergy @MeterEnergy}, {@code @ExtendWith(EnergyExtension.class)}, or for every
 * test of a run with {@code junit.jupiter.extensions.autodetection.enabled=true}.
 * <pre>{@code
 * @MeterEnergy
 * class CheckoutTest {
 *     @Test
 *     @EnergyBudget(joules = 2.0)
 *     void shouldPriceACartOfAThousandItems() {
 *         ExecutorService pool = EnergyScope.propagating(Executors.newFixedThreadPool(4)); // charged to the test
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p><b>What is metered.</b> The invocation of the test method itself: {@code @Test} methods, each invocation of a
 * {@code @RepeatedTest}, {@code @ParameterizedTest} or other test template, and each dynamic test of a
 * {@code @TestFactory} (the factory method, which only builds the tests, is not). The scope opens and closes on
 * the thread that runs the invocation, also when {@code @Timeout(threadMode = SEPARATE_THREAD)} moves it to a
 * thread of its own. {@code @BeforeEach}, {@code @AfterEach}, {@code @BeforeAll}, {@code @AfterAll}, test
 * class construction and other extensions' callbacks are <em>not</em> metered: a budget is about the test's own
 * work, not about shared fixtures. Inside the test {@link EnergyScope#current()} is the test's scope, so work
 * handed to other threads through {@link EnergyScope#propagating(java.util.concurrent.ExecutorService)} or
 * {@code EnergyScope.current().orElseThrow().wrap(task)} is charged to the test; work on threads the test starts
 * without them is not. A test that times out in {@code SEPARATE_THREAD} mode is reported if and when its thread
 * returns.
 *
 * <p><b>Report entries</b> ({@link ExtensionContext#publishReportEntry(Map)}; shown by IDEs and the console
 * launcher, recorded by the Open Test Reporting XML; Surefire and Gradle drop them, see the summary), one per test:
 * <ul>
 *   <li>{@value #JOULES}: CPU plus GPU joules, six decimals, {@code NaN} when unavailable</li>
 *   <li>{@value #PROVENANCE}: {@code measured}, {@code estimated} or {@code unavailable}</li>
 *   <li>{@value #CPU_TIME}: CPU time on every thread that worked for the test, ISO-8601
 *       ({@link java.time.Duration#parse})</li>
 *   <li>{@value #GPU_JOULES}: the GPU part of {@value #JOULES}</li>
 *   <li>{@value #ELAPSED}: wall-clock time of the invocation, ISO-8601</li>
 *   <li>{@value #BUDGET_JOULES}: the budget, when one applies</li>
 * </ul>
 * and one per test class (when the extension is registered on the class or globally) with the sums over the
 * class's tests, its {@code @Nested} classes' included: {@value #JOULES} (over the tests with a figure; NaN when
 * none has one), {@value #PROVENANCE}, {@value #CPU_TIME}, {@value #GPU_JOULES}, {@value #TESTS} (tests metered)
 * and {@value #UNAVAILABLE_TESTS} (of those, tests without a figure). Without a meter (none can run on this host,
 * e.g. without {@code /proc}) a test's entry is {@value #PROVENANCE} {@code unavailable} and {@value #REASON}.
 *
 * <p><b>Summary.</b> At the end of the engine run the total and the top tests by energy are printed on
 * {@code System.out} and, if asked, written to a file; see the configuration below.
 *
 * <p><b>Configuration parameters</b> (junit-platform.properties, system properties, or the build tool's):
 * <table>
 *   <caption>Configuration</caption>
 *   <tr><th>parameter</th><th>default</th><th>values</th></tr>
 *   <tr><td>{@code energy4j.junit.summary}</td><td>true</td><td>print the summary on {@code System.out}</td></tr>
 *   <tr><td>{@code energy4j.junit.summary.top}</td><td>10</td><td>tests listed in the summary, &gt;= 0</td></tr>
 *   <tr><td>{@code energy4j.junit.summary.file}</td><td>none</td><td>also write the summary to this file
 *       (UTF-8, replaced) when a test was metered</td></tr>
 *   <tr><td>{@code energy4j.junit.budget.unavailable}</td><td>fail</td><td>{@code fail} or {@code skip}: a
 *       budgeted test whose energy is unavailable fails, or is reported as skipped (aborted)</td></tr>
 *   <tr><td>{@code energy4j.junit.meter}</td><td>{@link EnergyMeter#create()}</td><td>class name of a
 *       {@code Supplier<EnergyMeter>} with a public no-argument constructor</td></tr>
 * </table>
 * A wrong value fails every metered test with a message naming the parameter and the allowed values.
 *
 * <p><b>Threads.</b> One {@link EnergyMeter} per engine run, kept in the root {@link ExtensionContext.Store} and
 * closed at the end of the run. Parallel execution is supported: each test has its own scope, and a class's
 * figures are summed as its tests finish, on whatever threads. Stateless and thread-safe.
 */
public final class EnergyExtension implements InvocationInterceptor, AfterAllCallback {

    /** Report entry key: CPU plus GPU joules. */
    public static final String JOULES = "energy.joules";
    /** Report entry key: measured, estimated or unavailable. */
    public static final String PROVENANCE = "energy.provenance";
    /** Report entry key: CPU time, ISO-8601. */
    public static final String CPU_TIME = "energy.cpuTime";
    /** Report entry key: the GPU part of the joules. */
    public static final String GPU_JOULES = "energy.gpuJoules";
    /** Report entry key: wall-clock time of the test, ISO-8601. */
    public static final String ELAPSED = "energy.elapsed";
    /** Report entry key: the test's budget in joules. */
    public static final String BUDGET_JOULES = "energy.budgetJoules";
    /** Report entry key of a class: the number of tests metered. */
    public static final String TESTS = "energy.tests";
    /** Report entry key of a class: the number of its metered tests without an energy figure. */
    public static final String UNAVAILABLE_TESTS = "energy.unavailableTests";
    /** Report entry key: why a test could not be metered. */
    public static final String REASON = "energy.reason";

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EnergyExtension.class);

    /** Created by JUnit. */
    public EnergyExtension() {
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        meter(invocation, extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        meter(invocation, extensionContext);
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext extensionContext) throws Throwable {
        meter(invocation, extensionContext);
    }

    /** Publishes the class's figures, when any of its tests was metered. */
    @Override
    public void afterAll(ExtensionContext context) {
        ClassEnergy c = context.getStore(NAMESPACE).get(new ClassKey(context.getUniqueId()), ClassEnergy.class);
        if (c != null) {
            context.publishReportEntry(c.reportEntry());
        }
    }

    private static void meter(Invocation<Void> invocation, ExtensionContext context) throws Throwable {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(new ActiveKey(context.getUniqueId())) != null) {
            invocation.proceed(); // a second instance (@RegisterExtension next to @MeterEnergy): meter once
            return;
        }
        store.put(new ActiveKey(context.getUniqueId()), Boolean.TRUE);
        EnergyRun run = EnergyRun.of(context);
        Settings settings = run.settings();
        Optional<Budget> budget = Budget.of(context);
        String name = TestEnergy.nameOf(context);
        EnergyMeter meter = run.meter();
        if (meter == null) {
            try {
                invocation.proceed();
            } finally {
                run.recordUnmetered();
                forEachClass(context, ClassEnergy::addUnmetered);
                context.publishReportEntry(Map.of(PROVENANCE, "unavailable", REASON, run.unavailableReason()));
            }
            if (budget.isPresent()) {
                budget.get().unmetered(name, run.unavailableReason(), settings.skipUnavailable());
            }
            return;
        }
        Throwable failure = null;
        EnergyScope scope = meter.scope(name);
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        } finally {
            scope.close();
        }
        TestEnergy energy = new TestEnergy(name, context.getUniqueId(), scope.result());
        run.record(energy);
        forEachClass(context, c -> c.add(energy));
        context.publishReportEntry(energy.reportEntry(budget.map(Budget::joules).orElse(Double.NaN)));
        if (failure != null) {
            throw failure; // the test's own failure comes first; its budget is not checked
        }
        if (budget.isPresent()) {
            budget.get().check(energy, settings.skipUnavailable());
        }
    }

    /** Applies {@code action} to the figures of every test class that contains the test. */
    private static void forEachClass(ExtensionContext context, java.util.function.Consumer<ClassEnergy> action) {
        for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
            ExtensionContext ctx = c.get();
            if (TestEnergy.isClassLevel(ctx)) {
                action.accept(ctx.getStore(NAMESPACE).getOrComputeIfAbsent(new ClassKey(ctx.getUniqueId()),
                        k -> new ClassEnergy(), ClassEnergy.class));
            }
        }
    }

    /** A class's figures, keyed by its unique id (a store lookup falls back to the enclosing classes' stores). */
    private record ClassKey(String uniqueId) {
    }

    /** Marks a test being metered. */
    private record ActiveKey(String uniqueId) {
    }
}
