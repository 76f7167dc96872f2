package io.holdfast.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of Holdfast's in-container tests. Before each test it waits until every installed bundle is ACTIVE (fragments:
 * RESOLVED) and fails, naming them, if some are not: Pax Exam itself passes a test whose bundles failed to resolve.
 */
public abstract class HoldfastTestSupport {

    /** How long a test waits for a condition by default. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The context of the test probe. */
    @Inject
    protected BundleContext context;

    private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

    /** Releases the services the test looked up. */
    @After
    public void closeTrackers() {
        trackers.forEach(ServiceTracker::close);
        trackers.clear();
    }

    /** Fails unless every bundle is active. */
    @Before
    public void everyBundleIsActive() {
        try {
            await().atMost(TIMEOUT).until(() -> notActive().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Bundles not ACTIVE: "
                    + notActive().stream().map(HoldfastTestSupport::describe).collect(Collectors.joining(", ")));
        }
    }

    /**
     * The bundles that are not active (fragments that are not resolved).
     *
     * @return the bundles, possibly empty
     */
    /** {@code admin:<password>} of this runtime's web console, for basic authentication. */
    protected String consoleCredentials() {
        return "admin:" + context.getProperty(HoldfastOptions.CONSOLE_PASSWORD);
    }

    protected List<Bundle> notActive() {
        return Arrays.stream(context.getBundles()).filter(b -> !isFine(b)).collect(Collectors.toList());
    }

    private static boolean isFine(Bundle b) {
        if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return b.getState() == Bundle.RESOLVED;
        }
        return b.getState() == Bundle.ACTIVE;
    }

    /**
     * A bundle in one line: symbolic name, version and state.
     *
     * @param b
     *            the bundle
     *
     * @return the description
     */
    protected static String describe(Bundle b) {
        String state = switch (b.getState()) {
        case Bundle.INSTALLED -> "INSTALLED (unresolved)";
        case Bundle.RESOLVED -> "RESOLVED";
        case Bundle.STARTING -> "STARTING";
        case Bundle.STOPPING -> "STOPPING";
        case Bundle.ACTIVE -> "ACTIVE";
        default -> "UNINSTALLED";
        };
        return b.getSymbolicName() + " " + b.getVersion() + " " + state;
    }

    /**
     * The installed bundle with a symbolic name.
     *
     * @param symbolicName
     *            the name
     *
     * @return the bundle
     *
     * @throws AssertionError
     *             if none is installed
     */
    protected Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("No bundle " + symbolicName + " is installed"));
    }

    /**
     * Waits for a service. The service stays in use until the test ends (some services, such as Configuration Admin,
     * are invalid once released).
     *
     * @param <T>
     *            the service type
     * @param type
     *            the service interface
     * @param filter
     *            an LDAP filter on its properties, or {@code null}
     *
     * @return the service
     *
     * @throws AssertionError
     *             if none appears within {@link #TIMEOUT}
     */
    protected <T> T service(Class<T> type, String filter) {
        String f = "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")";
        if (filter != null) {
            f = "(&" + f + filter + ")";
        }
        ServiceTracker<T, T> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        tracker.open();
        trackers.add(tracker);
        try {
            T service = tracker.waitForService(TIMEOUT.toMillis());
            if (service == null) {
                throw new AssertionError("No service " + f + " within " + TIMEOUT);
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted waiting for " + f);
        }
    }
}
