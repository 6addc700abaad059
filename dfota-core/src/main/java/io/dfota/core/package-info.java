/**
 * The protocol core of dfota: the LwM2M Firmware Update object (Object 5) as a state machine, the
 * MCU-side DFOTA guard of the Quectel DFOTA user guide (seed §4.2, Tables 1 and 2), the injectable
 * {@link io.dfota.core.Scheduler} every timer runs on, and the {@link io.dfota.core.FotaTarget} SPI
 * through which the platform drives one device's FOTA flow.
 *
 * <p>This module depends on nothing but SLF4J's API and JSpecify annotations, so that a device-side
 * integrator pulls no CoAP, Netty, Bouncy Castle or JDBC code. Spec references ("protocol-notes
 * §3.2") point into {@code spec/protocol-notes.md}.
 */
@NullMarked
package io.dfota.core;

import org.jspecify.annotations.NullMarked;
