/**
 * The ESP32 fleet simulator: devices that speak ESP32-LINK.md (and the seed firmware's MQTT payloads), keep their
 * readings until acknowledged, and misbehave on request. {@link io.holdfast.simulator.Main} is the command line; tests
 * and benchmarks use {@link io.holdfast.simulator.SimDevice}, {@link io.holdfast.simulator.TcpFleet},
 * {@link io.holdfast.simulator.SerialDevice} and {@link io.holdfast.simulator.MqttFleet} directly.
 */
@Export
@Version("1.0.0")
package io.holdfast.simulator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
