package io.holdfast.e2e.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The "bare Paho" baseline as its own process (the benchmark starts it and SIGKILLs it): one Paho client publishing the
 * readings of simulated devices to the cloud broker, QoS 1, in-memory persistence. Every reading whose
 * {@code publish()} returned is written as {@code P <device> <seq>} and every PUBACK as {@code A <device> <seq>} to the
 * log, one unbuffered write each, so that the lines written before a SIGKILL are in the file.
 */
@Command(name = "paho-gateway", hidden = true, description = "The bare Paho baseline (run by the benchmark).")
final class PahoGateway implements Callable<Integer> {

    @Option(names = "--broker", required = true)
    String broker;

    @Option(names = "--devices", defaultValue = "50")
    int devices;

    @Option(names = "--rate", defaultValue = "20", description = "readings/s per device")
    double rate;

    @Option(names = "--mac-prefix", defaultValue = "194")
    int macPrefix;

    @Option(names = "--first-seq", defaultValue = "0")
    long firstSeq;

    @Option(names = "--seconds", defaultValue = "0", description = "0: until killed; else stop taking readings "
            + "after this long, wait for every PUBACK (at most 60 s) and exit")
    int seconds;

    @Option(names = "--log", required = true)
    Path log;

    @Override
    public Integer call() throws Exception {
        try (FileOutputStream out = new FileOutputStream(log.toFile(), true)) {
            ReadingPublisher.Listener l = new ReadingPublisher.Listener() {
                @Override
                public void published(String device, long seq) {
                    line(out, "P " + device + " " + seq + "\n");
                }

                @Override
                public void acked(String device, long seq) {
                    line(out, "A " + device + " " + seq + "\n");
                }
            };
            try (ReadingPublisher p = new ReadingPublisher(broker, "paho", devices, 1, rate, macPrefix, firstSeq, l)) {
                System.out.println("paho-gateway: publishing");
                if (seconds <= 0) {
                    new CountDownLatch(1).await(); // until SIGTERM or SIGKILL
                }
                TimeUnit.SECONDS.sleep(seconds);
                p.pause();
                Stack.await(() -> p.queued() == 0 && p.inFlight() == 0, Duration.ofSeconds(60));
            }
        }
        return 0;
    }

    /** One write(2) per line: a SIGKILL cannot cut a line in two writes. */
    private static void line(FileOutputStream out, String line) {
        synchronized (out) {
            try {
                out.write(line.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The sets a log names: {@code published} (publish() returned) and {@code acked} (PUBACK), as device#seq. */
    record Log(Set<String> published, Set<String> acked) {
        static Log read(Path file) throws IOException {
            Set<String> p = new HashSet<>();
            Set<String> a = new HashSet<>();
            for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
                String[] f = line.split(" ");
                if (f.length != 3) {
                    continue; // the empty end after the last newline
                }
                (f[0].equals("P") ? p : a).add(f[1] + "#" + f[2]);
            }
            return new Log(p, a);
        }
    }
}
