package io.holdfast.esp32.impl;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.ingest.IngestSettings;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.Pipeline;
import io.holdfast.esp32.impl.ingest.SeqStore;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.tcp.TcpServer;
import java.io.IOException;
import java.util.Map;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/**
 * The driver's pipeline and TCP link for the benchmark, outside OSGi (its {@code .impl} package is private there, not
 * on a plain class path), without codecs.
 */
public final class Esp32BenchDriver implements AutoCloseable {

    private final Pipeline pipeline;
    private final TcpServer server;

    /**
     * Starts the driver.
     *
     * @param publisher
     *            where readings go
     * @param publishThreads
     *            concurrent publish() calls
     * @param bufferSize
     *            readings held in memory
     * @param ioThreads
     *            TCP reactor threads (0: automatic)
     *
     * @throws IOException
     *             if the port cannot be bound
     */
    public Esp32BenchDriver(CloudPublisher publisher, int publishThreads, int bufferSize, int ioThreads)
            throws IOException {
        pipeline = new Pipeline(IngestSettings.defaults().withBufferSize(bufferSize).withPublishThreads(publishThreads)
                .withMaxDevices(100_000), TimeSource.SYSTEM, new SeqStore(null));
        // the seed codecs moved to io.holdfast.sensor.seed: readings are published raw (UNDECODED) here
        pipeline.start();
        pipeline.publisher(publisher);
        server = new TcpServer(new TcpServer.Settings("127.0.0.1", 0, 100_000, 600_000, ioThreads), pipeline,
                new LinkState("bench-tcp", LinkStatus.Kind.TCP, ""), null, null, TimeSource.SYSTEM);
        server.start();
    }

    /** @return the TCP port the devices connect to */
    public int port() {
        return server.port();
    }

    /** @return the driver's counters */
    public Map<String, Long> counters() {
        return pipeline.counters();
    }

    @Override
    public void close() {
        server.stop();
        pipeline.stop();
    }
}
