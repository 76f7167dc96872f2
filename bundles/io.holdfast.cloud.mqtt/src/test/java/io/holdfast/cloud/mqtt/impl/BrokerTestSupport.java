package io.holdfast.cloud.mqtt.impl;

import java.util.ArrayList;
import java.util.List;
import org.junit.After;
import org.junit.BeforeClass;

/** What the ITs against a real broker outside OSGi share: resources closed after each test, in reverse order. */
abstract class BrokerTestSupport {
    private final List<AutoCloseable> closing = new ArrayList<>();

    /**
     * The in-container ITs that ran before in this JVM leave jul-to-slf4j's handler, of a framework that is stopped, on
     * the root java.util.logging logger; Paho's MQTT 5 client logs through java.util.logging (a broker kill is SEVERE),
     * and that handler's class loader throws in Paho's thread. Back to the JVM's own handlers.
     */
    @BeforeClass
    public static void dropStaleLogHandlers() {
        java.util.logging.LogManager.getLogManager().reset();
    }

    @After
    public void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
    }

    /** Closes {@code c} after the test. */
    <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }
}
