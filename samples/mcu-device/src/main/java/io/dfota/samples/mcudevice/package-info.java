/**
 * Sample: the device role, an MCU driving a BC35-G / BC28 / BC95 R2.0 module over TCP or a serial
 * port with dfota-at's {@link io.dfota.at.ModuleDriver}, in the seed's two styles (seed §5,
 * protocol-notes §1.4): a single MCU, event driven ({@link io.dfota.samples.mcudevice.SingleMcu})
 * and a dual MCU whose communication MCU polls with the 2-minute listen window ({@link
 * io.dfota.samples.mcudevice.DualMcu}).
 */
@NullMarked
package io.dfota.samples.mcudevice;

import org.jspecify.annotations.NullMarked;
