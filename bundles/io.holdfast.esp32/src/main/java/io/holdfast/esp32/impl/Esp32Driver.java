package io.holdfast.esp32.impl;

import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.esp32.impl.ingest.CodecRegistry;
import io.holdfast.esp32.impl.ingest.Completion;
import io.holdfast.esp32.impl.ingest.DeviceDownlink;
import io.holdfast.esp32.impl.ingest.Ingest;
import io.holdfast.esp32.impl.ingest.IngestSettings;
import io.holdfast.esp32.impl.ingest.Pipeline;
import io.holdfast.esp32.impl.ingest.SeqStore;
import io.holdfast.esp32.impl.ingest.Session;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.FrameDecoder;
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
 * The ESP32 driver: the ingest pipeline every link feeds, as a component configurable from the web console, publishing
 * through the CloudPublisher its {@code CloudPublisher.target} selects and decoding with whatever SensorCodec services
 * are registered. Links reference it as {@link Ingest}, the Event Admin downlink as {@link DeviceDownlink}.
 */
@Component(name = Esp32Driver.PID, configurationPid = Esp32Driver.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {
        Ingest.class, DeviceDownlink.class, StatusProvider.class, ConfigurableComponent.class }, property = {
                "service.pid=" + Esp32Driver.PID, "kura.service.pid=" + Esp32Driver.PID })
@Designate(ocd = Esp32DriverConfig.class)
public class Esp32Driver implements Ingest, DeviceDownlink, StatusProvider, ConfigurableComponent {

    static final String PID = "io.holdfast.esp32.Esp32Driver";
    /** Framework property naming Holdfast's data directory (the standalone runtime sets it). */
    static final String DATA_DIR = "holdfast.data.dir";

    private final Pipeline pipeline;

    @Activate
    public Esp32Driver(BundleContext context, Esp32DriverConfig config) {
        String dir = context.getProperty(DATA_DIR);
        Path state = dir != null ? Path.of(dir, "esp32", "assigned-seq.properties")
                : context.getDataFile("assigned-seq.properties").toPath();
        this.pipeline = new Pipeline(settings(config), TimeSource.SYSTEM, new SeqStore(state));
        pipeline.start();
    }

    @Modified
    void modified(Esp32DriverConfig config) {
        pipeline.apply(settings(config));
    }

    @Deactivate
    void deactivate() {
        pipeline.stop();
    }

    static IngestSettings settings(Esp32DriverConfig c) {
        return IngestSettings.defaults().withBufferSize(c.buffer_size()).withPublishThreads(c.publish_threads())
                .withCrcRequired(c.crc_required()).withClockWindowMs(c.clock_window_seconds() * 1000L)
                .withClockJumpMs(c.clock_jump_ms()).withFutureToleranceMs(c.ts_future_tolerance_seconds() * 1000L)
                .withGapTimeoutMs(c.ack_gap_timeout_seconds() * 1000L)
                .withLogIntervalMs(c.reject_log_interval_seconds() * 1000L).withMaxDevices(c.registry_max_devices())
                .withReportIntervalMs(c.report_interval_ms()).withTimeSync(c.time_sync())
                .withTimeSyncIntervalMs(c.time_sync_interval_minutes() * 60_000L);
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

    @Override
    public Decoded receive(Session session, byte[] b, int off, int len, FrameDecoder.Hint hint, Completion completion) {
        return pipeline.receive(session, b, off, len, hint, completion);
    }

    @Override
    public void tooLong(Session session) {
        pipeline.tooLong(session);
    }

    @Override
    public boolean below(double fraction) {
        return pipeline.below(fraction);
    }

    @Override
    public int room() {
        return pipeline.room();
    }

    @Override
    public void count(String counter) {
        pipeline.count(counter);
    }

    @Override
    public int send(String mac, String json) {
        return pipeline.send(mac, json);
    }

    @Override
    public GatewayStatus status() {
        return pipeline.status();
    }
}
