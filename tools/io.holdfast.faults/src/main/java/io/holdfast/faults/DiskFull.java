package io.holdfast.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full disk on the gateway: a new gateway (the old one is drained and stopped first) runs with its data directory on
 * a small tmpfs ({@code mount -t tmpfs}, so this needs root); while the devices send, a filler file takes every free
 * byte, the devices go on sending for a while, the filler is deleted, and everything acked must reach the backend. What
 * the gateway did meanwhile (acks, its log lines about the disk, whether it stayed up) goes into the notes: this
 * scenario reports the gateway's behaviour, it does not change it.
 */
final class DiskFull {

    private final Rig rig;
    private final Settings settings;

    DiskFull(Rig rig, Settings settings) {
        this.rig = rig;
        this.settings = settings;
    }

    Ledger.Tally run() throws Exception {
        Ledger.Mark from = rig.lastMark();
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new FaultsException("disk-full mounts a tmpfs and needs root; run without --scenario disk-full");
        }
        rig.drain(from, "before moving the gateway to a small disk");
        rig.stopGateway();
        Path mount = Files.createDirectories(rig.dir.resolve("diskfull/mnt"));
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + settings.diskMegabytes() + "m", "tmpfs", mount.toString()));
        rig.atEnd(() -> run(List.of("umount", "-l", mount.toString())));
        rig.gatewayData(rig.dir.resolve("diskfull/gateway"), mount.resolve("data"));
        rig.startGateway(true);
        rig.fleet.resume();
        rig.awaitStored(Scenarios.FLOWING, "through the gateway on the tmpfs");
        Path filler = mount.resolve("filler");
        long bytes = fill(filler);
        long t0 = System.nanoTime();
        long ackedAtFull = rig.fleet.acked();
        String logAtFull = rig.gateway().output();
        rig.say("disk-full: " + mount + " (" + settings.diskMegabytes() + " MB) full: filler of " + bytes / 1024
                + " KiB; the devices send on for " + settings.fullSeconds() + " s");
        TimeUnit.SECONDS.sleep(settings.fullSeconds()); // the disk stays full this long while the devices send
        long ackedWhileFull = rig.fleet.acked() - ackedAtFull;
        boolean alive = rig.gateway().process().isAlive();
        String during = rig.gateway().output().substring(logAtFull.length());
        long diskLines = during.lines().filter(DiskFull::aboutTheDisk).count();
        String first = during.lines().filter(DiskFull::aboutTheDisk).findFirst().orElse("(none)");
        Files.delete(filler);
        long t1 = System.nanoTime();
        if (!alive) {
            throw new FaultsException(
                    "the gateway exited while its disk was full (its output: " + rig.gateway().outputFile() + ")");
        }
        rig.awaitAcks(Scenarios.FLOWING, "after the filler was deleted");
        long acksBack = Rig.ms(t1);
        rig.awaitStored(Scenarios.FLOWING, "after the filler was deleted");
        String notes = "disk full " + Rig.ms(t0) / 1000 + " s: " + ackedWhileFull + " readings acked meanwhile, "
                + diskLines + " gateway output lines about it (first: " + first.strip().replace('|', '/')
                + "), gateway up; acks again " + acksBack + " ms after the filler was deleted";
        rig.say("disk-full: " + notes);
        return rig.account("disk-full", from, notes);
    }

    /** Whether a line of the gateway's output is about the full disk. */
    private static boolean aboutTheDisk(String line) {
        String l = line.toLowerCase(java.util.Locale.ROOT);
        return l.contains("full") || l.contains("no space") || l.contains("enospc") || l.contains("disk");
    }

    /** Writes the file until the file system has no byte left; returns its size. */
    private static long fill(Path file) throws IOException {
        long written = 0;
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                try {
                    out.write(chunk);
                    written += chunk.length;
                } catch (IOException full) {
                    break;
                }
            }
            // the last bytes, a byte at a time, until that fails too
            while (true) {
                try {
                    out.write(0);
                    out.flush();
                    written++;
                } catch (IOException full) {
                    return written;
                }
            }
        } catch (IOException closing) {
            return written; // the close's flush found the disk full: so it is
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new FaultsException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
