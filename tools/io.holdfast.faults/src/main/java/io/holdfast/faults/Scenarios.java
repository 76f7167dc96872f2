package io.holdfast.faults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The scenarios, one method each, run on one {@link Rig} in turn. Each starts from a drained chain (no reading unacked
 * on the devices, everything acked stored), injects its faults while the devices send, and ends with
 * {@link Rig#account}: the exact sets of what it sent, acked and stored.
 */
final class Scenarios {

    /** A scenario: runs its faults on the rig and returns its tally. */
    interface Scenario {
        Ledger.Tally run(Scenarios s) throws Exception;
    }

    /** Every scenario by name, in the order of a full run. */
    static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        ALL.put("gateway-kill", Scenarios::gatewayKill);
        ALL.put("broker-restart", Scenarios::brokerRestart);
        ALL.put("proxy-cut", Scenarios::proxyCut);
        ALL.put("proxy-stall", Scenarios::proxyStall);
        ALL.put("backend-kill", Scenarios::backendKill);
        ALL.put("dp-install", s -> new DpInstall(s.rig, s.settings).run());
        ALL.put("disk-full", s -> new DiskFull(s.rig, s.settings).run());
    }

    /** Readings that must be acked (or stored) to call the flow running. */
    static final int FLOWING = 100;

    private final Rig rig;
    private final Settings settings;
    private final Random random;

    Scenarios(Rig rig, Settings settings) {
        this.rig = rig;
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /**
     * SIGKILL of the gateway at random moments: each one a random time (0 to 4 s, seeded) after the gateway acked
     * readings again, then a start on the same data directory.
     */
    private Ledger.Tally gatewayKill() throws Exception {
        Ledger.Mark from = rig.lastMark();
        List<String> moments = new ArrayList<>();
        for (int i = 1; i <= settings.kills(); i++) {
            rig.awaitAcks(FLOWING, "before gateway kill " + i);
            long delay = random.nextInt(4_000);
            TimeUnit.MILLISECONDS.sleep(delay); // the random moment of the kill
            long acked = rig.fleet.acked();
            rig.killGateway();
            rig.say("gateway-kill " + i + "/" + settings.kills() + ": SIGKILL " + delay + " ms after it acked again ("
                    + acked + " acked so far)");
            moments.add(Long.toString(delay));
            rig.startGateway(false);
        }
        rig.awaitStored(FLOWING, "after the last gateway kill");
        return rig.account("gateway-kill", from,
                settings.kills() + " SIGKILLs at +" + String.join(", +", moments) + " ms after acks resumed");
    }

    /**
     * Mosquitto stopped (SIGTERM and kill -9 in turn, SIGTERM first) and started again on the same port while readings
     * flow. A kill -9 can lose what Mosquitto 2.0 acknowledged since its last save (it has no synchronous persistence):
     * the short form's one restart is a SIGTERM.
     */
    private Ledger.Tally brokerRestart() throws Exception {
        Ledger.Mark from = rig.lastMark();
        List<String> how = new ArrayList<>();
        for (int i = 1; i <= settings.brokerRestarts(); i++) {
            rig.awaitStored(FLOWING, "before broker restart " + i);
            boolean kill = i % 2 == 0;
            long down = 1_000 + random.nextInt(2_000);
            rig.stopBroker(kill);
            TimeUnit.MILLISECONDS.sleep(down); // the broker stays down this long
            long t0 = System.nanoTime();
            rig.startBroker();
            rig.awaitStored(FLOWING, "after broker restart " + i);
            String line = (kill ? "kill -9" : "SIGTERM") + ", down " + down + " ms, flowing to the backend "
                    + Rig.ms(t0) + " ms after its start";
            rig.say("broker-restart " + i + "/" + settings.brokerRestarts() + ": " + line);
            how.add(line);
        }
        return rig.account("broker-restart", from, String.join("; ", how));
    }

    /** The gateway-broker path cut: every connection closed, new ones refused for a while. */
    private Ledger.Tally proxyCut() throws Exception {
        Ledger.Mark from = rig.lastMark();
        rig.awaitStored(FLOWING, "before the cut");
        rig.proxy.cut(TimeUnit.SECONDS.toMillis(settings.cutSeconds()));
        long end = System.nanoTime();
        rig.awaitTrue("the gateway connected again after the cut", () -> rig.proxy.firstAcceptSince(end) >= 0);
        long reconnect = TimeUnit.NANOSECONDS.toMillis(rig.proxy.firstAcceptSince(end) - end);
        rig.awaitStored(FLOWING, "after the cut");
        String notes = "cut " + settings.cutSeconds() + " s; the gateway connected again " + reconnect
                + " ms after it ended, readings stored again " + Rig.ms(end) + " ms after it ended";
        rig.say("proxy-cut: " + notes);
        return rig.account("proxy-cut", from, notes);
    }

    /**
     * The gateway-broker path stalled: connections open, no byte through. The gateway can only notice through its MQTT
     * keep-alive (PINGREQ unanswered) or its missing PUBACKs; a new connection from it during the stall is when it gave
     * up the silent one.
     */
    private Ledger.Tally proxyStall() throws Exception {
        Ledger.Mark from = rig.lastMark();
        rig.awaitStored(FLOWING, "before the stall");
        long t0 = System.nanoTime();
        rig.proxy.stall(TimeUnit.SECONDS.toMillis(settings.stallSeconds()));
        long end = System.nanoTime();
        long noticed = rig.proxy.firstAcceptSince(t0);
        rig.awaitStored(FLOWING, "after the stall");
        String notes = "stall " + settings.stallSeconds() + " s; "
                + (noticed >= 0 && noticed - end < 0
                        ? "the gateway gave up the silent connection and connected again "
                                + TimeUnit.NANOSECONDS.toMillis(noticed - t0) + " ms after the stall began"
                        : "the gateway did not reconnect during the stall (its keep-alive had not expired)")
                + ", readings stored again " + Rig.ms(end) + " ms after it ended";
        rig.say("proxy-stall: " + notes);
        return rig.account("proxy-stall", from, notes);
    }

    /** SIGKILL of the backend during ingest, a start again on the same data (its session is persistent). */
    private Ledger.Tally backendKill() throws Exception {
        Ledger.Mark from = rig.lastMark();
        List<String> how = new ArrayList<>();
        for (int i = 1; i <= settings.backendKills(); i++) {
            rig.awaitStored(FLOWING, "before backend kill " + i);
            long down = 1_000 + random.nextInt(2_000);
            rig.killBackend();
            TimeUnit.MILLISECONDS.sleep(down); // the backend stays down this long
            long t0 = System.nanoTime();
            rig.startBackend();
            rig.awaitStored(FLOWING, "after backend kill " + i);
            String line = "down " + down + " ms, storing again " + Rig.ms(t0) + " ms after its start";
            rig.say("backend-kill " + i + "/" + settings.backendKills() + ": " + line);
            how.add(line);
        }
        return rig.account("backend-kill", from, String.join("; ", how));
    }
}
