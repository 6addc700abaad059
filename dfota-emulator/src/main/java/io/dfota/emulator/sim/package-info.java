/**
 * A lightweight many-device simulator of the device role's CoAP side (LwM2M 1.0 over UDP,
 * protocol-notes §3, §4.1): thousands of emulated BC35-G / BC28 / BC95 modules, each with its own
 * UDP port, driven by one thread. Entry point: {@link io.dfota.emulator.sim.DeviceSimulator}.
 */
@NullMarked
package io.dfota.emulator.sim;

import org.jspecify.annotations.NullMarked;
