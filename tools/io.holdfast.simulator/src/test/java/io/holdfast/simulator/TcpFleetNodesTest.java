package io.holdfast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * A device relaying two nodes over a real TCP connection to a stand-in gateway that acknowledges each reading by its
 * source as the driver does ({@code {"t":"ack","src":"<node>","seq":N}} for a node): every reading of every source
 * arrives and is acknowledged, and a node whose acks the gateway holds back re-sends on its own.
 */
public class TcpFleetNodesTest {

    /** One reading item: its {@code src} when relayed, and its seq (in an {@code r} frame or an {@code rb} item). */
    static final Pattern ITEM = Pattern.compile("(?:\"src\":\"([^\"]+)\",)?\"seq\":(\\d+),\"uptime\"");
    static final Pattern MAC = Pattern.compile("^\\{\"t\":\"rb?\",\"mac\":\"([^\"]+)\"");

    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Set<String> replayedBy = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Thread gateway;
    private TcpFleet fleet;

    /** Reads the fleet's one connection; acknowledges the readings of the sources {@code acked} accepts. */
    private int gateway(Predicate<String> acked) throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        gateway = new Thread(() -> {
            try (Socket s = server.accept();
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream()) {
                for (String line; (line = in.readLine()) != null;) {
                    Matcher mac = MAC.matcher(line);
                    if (!mac.find()) {
                        continue; // the hello
                    }
                    Matcher m = ITEM.matcher(line);
                    StringBuilder acks = new StringBuilder();
                    while (m.find()) {
                        String source = m.group(1) == null ? mac.group(1) : m.group(1);
                        received.add(source + "#" + m.group(2));
                        if (line.startsWith("{\"t\":\"rb\"")) {
                            replayedBy.add(source);
                        }
                        if (acked.test(source)) {
                            acks.append(m.group(1) == null ? "{\"t\":\"ack\",\"seq\":" + m.group(2) + "}\n"
                                    : "{\"t\":\"ack\",\"src\":\"" + m.group(1) + "\",\"seq\":" + m.group(2) + "}\n");
                        }
                    }
                    out.write(acks.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the fleet closed its connection
            }
        }, "stand-in-gateway");
        gateway.start();
        return server.getLocalPort();
    }

    private SimDevice relayingFleet(int port, long resendMs) throws IOException {
        fleet = new TcpFleet(new TcpFleet.Options("127.0.0.1", port, 1, 50, SimDevice.Mode.NATIVE, false, 0,
                Faults.NONE, resendMs, 0x3C, 1, null));
        SimDevice d = fleet.devices().get(0);
        d.relay(RelayedNodesTest.NODE1, 5_000);
        d.relay(RelayedNodesTest.NODE2, 0);
        fleet.start();
        return d;
    }

    /** Every (source, seq) a source generated. */
    private static Set<String> generated(SimDevice d) {
        Set<String> all = new TreeSet<>();
        for (SimDevice s : d.sources()) {
            for (long q = s.nextSeq() - s.generated(); q < s.nextSeq(); q++) {
                all.add(s.mac() + "#" + q);
            }
        }
        return all;
    }

    @After
    public void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.join(5_000);
        }
    }

    @Test
    public void everyReadingOfTheDeviceAndItsNodesArrivesAndIsAcknowledgedBySource() throws Exception {
        SimDevice d = relayingFleet(gateway(source -> true), 60_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> d.nodes().stream().allMatch(n -> n.acked() >= 20));
        fleet.pause();
        await().atMost(Duration.ofSeconds(30)).until(() -> fleet.unacked() == 0);
        List<SimDevice> sources = d.sources();
        assertThat(sources).hasSize(3);
        for (SimDevice s : sources) {
            assertThat(s.acked()).as(s.mac() + " acked").isEqualTo(s.generated());
        }
        assertThat(new TreeSet<>(received)).isEqualTo(generated(d));
        assertThat(fleet.acked()).isEqualTo(fleet.generated());
        assertThat(fleet.stallResends()).isZero();
    }

    @Test
    public void aNodeWhoseAcksAreHeldBackReSendsOnItsOwnWhileTheOthersDoNot() throws Exception {
        SimDevice d = relayingFleet(gateway(source -> !source.equals(RelayedNodesTest.NODE2)), 1_000);
        SimDevice n1 = d.nodes().get(0);
        SimDevice n2 = d.nodes().get(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> n2.resends() > 0 && replayedBy.contains(n2.mac()));
        fleet.pause();
        await().atMost(Duration.ofSeconds(30)).until(() -> d.unacked() == 0 && n1.unacked() == 0);
        assertThat(fleet.stallResends()).isPositive();
        assertThat(n2.acked()).isZero();
        assertThat(n2.unacked()).isEqualTo((int) n2.generated());
        assertThat(d.resends()).isZero();
        assertThat(n1.resends()).isZero();
        assertThat(replayedBy).containsExactly(n2.mac());
    }
}
