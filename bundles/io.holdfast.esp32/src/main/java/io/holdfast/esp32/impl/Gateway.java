package io.holdfast.esp32.impl;

import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The ESP32 driver's shared pipeline as a component: configurable from the web console, publishing through the
 * CloudPublisher its {@code CloudPublisher.target} selects, decoding with whatever SensorCodec services are registered.
 * Links reference it.
 */
@Component(name = Gateway.PID, configurationPid = Gateway.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {
        Gateway.class, StatusProvider.class,
        ConfigurableComponent.class }, property = { "service.pid=" + Gateway.PID, "kura.service.pid=" + Gateway.PID })
@Designate(ocd = GatewayConfig.class)
public class Gateway implements StatusProvider, ConfigurableComponent {

    static final String PID = "io.holdfast.esp32.Gateway";
    /** Framework property naming Holdfast's data directory (the standalone runtime sets it). */
    static final String DATA_DIR = "holdfast.data.dir";

    private final Pipeline pipeline;

    @Activate
    public Gateway(BundleContext context, GatewayConfig config) {
        String dir = context.getProperty(DATA_DIR);
        Path state = dir != null ? Path.of(dir, "esp32", "assigned-seq.properties")
                : context.getDataFile("assigned-seq.properties").toPath();
        this.pipeline = new Pipeline(settings(config), TimeSource.SYSTEM, new SeqStore(state));
        pipeline.start();
    }

    /** For tests: a gateway around a pipeline. */
    Gateway(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Modified
    void modified(GatewayConfig config) {
        pipeline.apply(settings(config));
    }

    @Deactivate
    void deactivate() {
        pipeline.stop();
    }

    static Pipeline.Settings settings(GatewayConfig c) {
        return new Pipeline.Settings(c.buffer_size(), c.publish_threads(), c.crc_required(),
                c.clock_window_seconds() * 1000L, c.clock_jump_ms(), c.ts_future_tolerance_seconds() * 1000L,
                c.ack_gap_timeout_seconds() * 1000L, c.reject_log_interval_seconds() * 1000L, c.registry_max_devices(),
                c.report_interval_ms(), c.time_sync(), c.time_sync_interval_minutes() * 60_000L);
    }

    @Reference(name = "CloudPublisher", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = "(kura.service.pid=changeme)", unbind = "unsetCloudPublisher")
    void setCloudPublisher(CloudPublisher publisher) {
        pipeline.publisher(publisher);
    }

    void unsetCloudPublisher(CloudPublisher publisher) {
        pipeline.clearPublisher(publisher);
    }

    @Reference(service = SensorCodec.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCodec", updated = "updatedCodec")
    void addCodec(SensorCodec codec, Map<String, Object> props) {
        Object ranking = props.get(Constants.SERVICE_RANKING);
        Object id = props.get(Constants.SERVICE_ID);
        pipeline.codecs().add(new CodecRegistry.Entry(codec, CodecRegistry.types(props.get(SensorCodec.SENSOR_TYPE)),
                ranking instanceof Integer i ? i : 0, id instanceof Long l ? l : Long.MAX_VALUE));
    }

    void updatedCodec(SensorCodec codec, Map<String, Object> props) {
        pipeline.codecs().remove(codec);
        addCodec(codec, props);
    }

    void removeCodec(SensorCodec codec) {
        pipeline.codecs().remove(codec);
    }

    Pipeline pipeline() {
        return pipeline;
    }

    @Override
    public GatewayStatus status() {
        return pipeline.status();
    }
}
