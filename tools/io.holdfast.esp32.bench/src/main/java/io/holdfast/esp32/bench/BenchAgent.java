package io.holdfast.esp32.bench;

import io.holdfast.bench.support.Agent;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Inside the benchmark's runtime: runs {@link IngestBench} on its own thread once Config Admin is there, then stops the
 * framework.
 */
@Component(immediate = true, service = {})
public final class BenchAgent {

    /** Framework properties that carry the options. */
    static final String PREFIX = Agent.PREFIX;

    /**
     * Starts the run.
     *
     * @param context
     *            for the options, the services, and to stop the framework
     * @param configAdmin
     *            where the bundles under test are configured
     */
    @Activate
    public BenchAgent(BundleContext context, @Reference ConfigurationAdmin configAdmin) {
        Agent.start(context, "holdfast-esp32-bench", () -> new IngestBench(context, configAdmin).run());
    }
}
