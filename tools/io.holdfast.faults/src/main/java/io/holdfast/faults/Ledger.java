package io.holdfast.faults;

import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The exact accounts of a run: where each device's acks stood at a moment ({@link Mark}), and between two marks the
 * exact sets of (device, seq) acked to the devices and stored by the backend (its SQLite database, read-only).
 */
final class Ledger {

    /**
     * Each device's position at a moment.
     *
     * @param ackedEnd
     *            first seq not acked yet, per device (everything below was acked: devices are acked cumulatively)
     * @param next
     *            next seq the device will take
     * @param generated
     *            readings taken so far
     * @param brokerDuplicates
     *            the observer's duplicate deliveries so far
     * @param flashLost
     *            readings the devices dropped because their flash was full
     */
    record Mark(Map<String, Long> ackedEnd, Map<String, Long> next, long generated, long brokerDuplicates,
            long flashLost) {
    }

    /**
     * What happened between two marks.
     *
     * @param name
     *            the scenario
     * @param sent
     *            readings the devices took
     * @param acked
     *            (device, seq) acked to the devices
     * @param stored
     *            of those, stored by the backend
     * @param lost
     *            acked and not stored (device#seq)
     * @param storedRows
     *            rows stored for the marks' seq ranges
     * @param storedDistinct
     *            distinct (device, seq) among them
     * @param brokerDuplicates
     *            deliveries the observer saw again
     * @param heldByDevices
     *            readings still unacked at the end (not in the acked set)
     * @param flashLost
     *            readings the devices dropped because their flash was full
     * @param notes
     *            what the scenario measured
     */
    record Tally(String name, long sent, long acked, long stored, Set<String> lost, long storedRows,
            long storedDistinct, long brokerDuplicates, long heldByDevices, long flashLost, String notes) {

        long duplicated() {
            return storedRows - storedDistinct;
        }

        boolean ok() {
            return lost.isEmpty() && duplicated() == 0;
        }
    }

    private final Path db;

    Ledger(Path db) {
        this.db = db;
    }

    static Mark mark(TcpFleet fleet, Observer observer) {
        Map<String, Long> acked = new HashMap<>();
        Map<String, Long> next = new HashMap<>();
        long lost = 0;
        for (SimDevice d : fleet.devices()) {
            acked.put(d.mac(), d.nextSeq() - d.unacked());
            next.put(d.mac(), d.nextSeq());
            lost += d.lost();
        }
        return new Mark(acked, next, fleet.generated(), observer.duplicates(), lost);
    }

    /** The exact set acked between two marks. */
    static Set<String> acked(Mark from, Mark to) {
        Set<String> out = new HashSet<>();
        to.ackedEnd().forEach((mac, end) -> {
            for (long s = from.ackedEnd().get(mac); s < end; s++) {
                out.add(mac + "#" + (s & 0xFFFF_FFFFL));
            }
        });
        return out;
    }

    /**
     * What the backend stored for the seqs the devices took between two marks: each (device, seq) with its rows.
     */
    Map<String, Integer> stored(Mark from, Mark to) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY: the backend's database is never written here
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, p);
                PreparedStatement s = c.prepareStatement(
                        "SELECT seq, COUNT(*) FROM readings WHERE device = ? AND seq >= ? AND seq < ? GROUP BY seq")) {
            for (Map.Entry<String, Long> e : to.next().entrySet()) {
                s.setString(1, e.getKey());
                s.setLong(2, from.ackedEnd().get(e.getKey()));
                s.setLong(3, e.getValue());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.put(e.getKey() + "#" + rs.getLong(1), rs.getInt(2));
                    }
                }
            }
        }
        return out;
    }

    /** Whether the database exists yet (the backend creates it on its first start). */
    boolean exists() {
        return java.nio.file.Files.isRegularFile(db);
    }

    /** The tally between two marks, from the database as it is now. */
    Tally tally(String name, Mark from, Mark to, long held, String notes) throws SQLException {
        Set<String> acked = acked(from, to);
        Map<String, Integer> stored = stored(from, to);
        Set<String> lost = new HashSet<>(acked);
        lost.removeAll(stored.keySet());
        long rows = stored.values().stream().mapToLong(Integer::longValue).sum();
        return new Tally(name, to.generated() - from.generated(), acked.size(), acked.size() - lost.size(), lost, rows,
                stored.size(), to.brokerDuplicates() - from.brokerDuplicates(), held, to.flashLost() - from.flashLost(),
                notes);
    }
}
