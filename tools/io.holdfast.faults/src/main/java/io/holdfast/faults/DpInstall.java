package io.holdfast.faults;

import io.holdfast.testkit.DeployClient;
import io.holdfast.testkit.FileServer;
import io.holdfast.testkit.NextVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Deployment packages installed during ingest, as a cloud platform does it: the driver's and the cloud connection's
 * packages at a next version (the built {@code .dp} with new bundle and package versions, the test kit's
 * {@link NextVersion}), each through DEPLOY-V2 {@code EXEC/download} from an HTTP server of the suite (the test kit's
 * {@link DeployClient} and {@link FileServer}), while the devices send.
 */
final class DpInstall {

    /** The packages installed, in order: the driver (TCP link, acks), then the cloud connection. */
    static final List<String> PACKAGES = List.of("io.holdfast.esp32", "io.holdfast.cloud.mqtt");
    static final String NEXT = "0.1.1";

    private final Rig rig;
    private final Settings settings;

    DpInstall(Rig rig, Settings settings) {
        this.rig = rig;
        this.settings = settings;
    }

    Ledger.Tally run() throws Exception {
        Ledger.Mark from = rig.lastMark();
        Path served = Files.createDirectories(rig.dir.resolve("served"));
        FileServer files = new FileServer(served);
        rig.closeLater(files::close);
        rig.awaitTrue("the gateway's web console took the Deployer's URL allow-list", () -> rig
                .console("io.holdfast.deploy.Deployer", Map.of("download.allowed.prefixes", files.prefix())) < 400);
        DeployClient cloud = new DeployClient(rig.broker.url(), Rig.ACCOUNT, Rig.CLIENT, "holdfast-faults-cloud");
        rig.closeLater(cloud::close);
        List<String> notes = new ArrayList<>();
        long job = 1_000;
        for (String name : PACKAGES) {
            rig.awaitStored(Scenarios.FLOWING, "before installing " + name);
            Path dp = NextVersion.write(built(name), NEXT, served);
            long t0 = System.nanoTime();
            try {
                cloud.install(dp, name, NEXT, files.prefix(), ++job, Rig.START);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new FaultsException("the install of " + name + " " + NEXT + " through DEPLOY-V2 did not "
                        + "complete within " + Rig.START.toSeconds() + " s: " + e.getMessage());
            }
            long installed = Rig.ms(t0);
            rig.awaitStored(Scenarios.FLOWING, "after installing " + name);
            String line = name + " " + NEXT + " running " + installed + " ms after EXEC/download, readings stored "
                    + "again " + Rig.ms(t0) + " ms after it";
            rig.say("dp-install: " + line);
            notes.add(line);
        }
        rig.health();
        return rig.account("dp-install", from, String.join("; ", notes));
    }

    private Path built(String name) throws java.io.IOException {
        Path target = settings.dpDir().resolve(name).resolve("target");
        if (!Files.isDirectory(target)) {
            throw new FaultsException("no built package in " + target + ": build the reactor (mvn -B -q -DskipTests "
                    + "package) or give --dp-dir");
        }
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.toString().endsWith(".dp")).findFirst()
                    .orElseThrow(() -> new FaultsException("no .dp in " + target));
        }
    }

}
