/**
 * LwM2M 1.0 over CoAP/UDP on Eclipse Californium, both roles of a DFOTA (protocol-notes §3, §4).
 *
 * <ul>
 *   <li>Device role: {@link io.dfota.lwm2m.Lwm2mClient#builder()} builds the client a module (or
 *       the emulator) runs: registration ({@code POST /rd?ep=<IMEI>&lt=&b=U&lwm2m=1.0}), objects 3,
 *       4, 5 and 19, Object 5 on core's {@code FirmwareUpdateMachine} with a Block2 pull into a
 *       {@link io.dfota.lwm2m.PackageStore}, an {@link io.dfota.lwm2m.IntegrityCheck} and a {@link
 *       io.dfota.lwm2m.FirmwareUpdater} hook; {@link io.dfota.lwm2m.ClientListener} reports what a
 *       module would print as {@code +QLWEVTIND} and firmware URCs ({@link
 *       io.dfota.lwm2m.FirmwareIndications}).
 *   <li>Platform role: {@link io.dfota.lwm2m.Lwm2mServer#builder()} builds the server: the {@link
 *       io.dfota.lwm2m.DeviceRegistry} of {@link io.dfota.lwm2m.Registration}s with expiry, device
 *       operations with futures, observations that survive the module's FOTA reboot (P9), the
 *       Block2 package server, and {@link io.dfota.lwm2m.Lwm2mServer#fleet()}, core's {@code
 *       FotaFleet} for the campaign engine.
 * </ul>
 */
@NullMarked
package io.dfota.lwm2m;

import org.jspecify.annotations.NullMarked;
