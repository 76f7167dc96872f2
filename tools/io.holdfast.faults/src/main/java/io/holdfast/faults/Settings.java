package io.holdfast.faults;

import java.nio.file.Path;

/**
 * What a run does, from the command line.
 *
 * @param out
 *            where the processes' files and the report go
 * @param gatewayJar
 *            {@code holdfast-gateway.jar}
 * @param backendJar
 *            {@code holdfast-backend.jar}
 * @param dpDir
 *            the reactor's {@code dp-packages} folder (the built {@code .dp} files)
 * @param devices
 *            simulated devices
 * @param rate
 *            readings per second per device
 * @param seed
 *            the random seed (kill moments, devices)
 * @param kills
 *            gateway SIGKILLs
 * @param brokerRestarts
 *            broker restarts (kill -9 and SIGTERM in turn)
 * @param backendKills
 *            backend SIGKILLs
 * @param cutSeconds
 *            how long the proxy cut lasts
 * @param stallSeconds
 *            how long the proxy stall lasts
 * @param diskMegabytes
 *            size of the gateway's tmpfs in the disk-full scenario
 * @param fullSeconds
 *            how long the disk stays full while the devices send
 * @param drainSeconds
 *            how long the end of a scenario waits for the devices to be acked and the backend to store
 */
record Settings(Path out, Path gatewayJar, Path backendJar, Path dpDir, int devices, double rate, long seed, int kills,
        int brokerRestarts, int backendKills, int cutSeconds, int stallSeconds, int diskMegabytes, int fullSeconds,
        int drainSeconds) {
}
