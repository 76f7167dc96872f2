package io.holdfast.cloud.mqtt.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.queue.DurableQueue;
import org.eclipse.kura.KuraException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.ops4j.pax.exam.Option;

/** The runtime of the cloud connection's in-container tests. */
final class CloudRuntime {

    private CloudRuntime() {
    }

    /**
     * The gateway runtime with the cloud connection, Paho, the SQLite store, gson and protobuf-java.
     *
     * @param extra
     *            more bundles
     *
     * @return the options
     */
    static Option[] withStore(Option... extra) {
        Option[] base = { projectBundle(), bundleOf(DurableQueue.class), bundleOf(KuraException.class),
                bundleOf(MqttAsyncClient.class), bundleOf(io.holdfast.store.sqlite.impl.SqliteQueue.class),
                bundleOf(org.sqlite.SQLiteDataSource.class), bundleOf(com.google.protobuf.Message.class),
                bundleOf(com.google.gson.Gson.class) };
        Option[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return options(gatewayRuntime(all));
    }
}
