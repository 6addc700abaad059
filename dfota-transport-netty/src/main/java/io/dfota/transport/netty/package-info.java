/**
 * The AT link ({@link io.dfota.at.AtTransport}, protocol-notes §2.1) over TCP and over a serial
 * port, for the MCU side and for the module side (the emulator).
 *
 * <ul>
 *   <li>{@link io.dfota.transport.netty.TcpAtClient}: the MCU's link to a module behind a serial
 *       server, gateway or the emulator; connect timeout, reconnect with capped exponential
 *       back-off and jitter ({@link io.dfota.transport.netty.ReconnectPolicy}).
 *   <li>{@link io.dfota.transport.netty.TcpAtServer}: the module side; each accepted connection is
 *       one module's link ({@link io.dfota.transport.netty.AtConnection}).
 *   <li>{@link io.dfota.transport.netty.SerialAtPort}: a UART through jSerialComm (9600 8N1 by
 *       default), reopened after the device disappears.
 *   <li>{@link io.dfota.transport.netty.AtHandlers}: Netty handlers around dfota-at's framer and
 *       module codec, for custom pipelines.
 * </ul>
 *
 * <p>Common rules: the caller owns the Netty {@code EventLoopGroup} and shares it between any
 * number of transports; a write completes when its bytes were flushed, or fails with a {@link
 * io.dfota.transport.netty.TransportException} whose message is the reason; bytes accepted and not
 * yet flushed are bounded per link, and a write over the bound fails at once ({@code BUFFER_FULL});
 * the listener is called on the transport's own thread, one call at a time, and its exceptions are
 * logged, never propagated to Netty; closing fails pending writes with "transport closed", reports
 * {@code onDisconnected("transport closed", false)} once, and leaves no thread of the transport
 * running. Raw traffic is logged on {@code io.dfota.at.wire} at TRACE with a per-connection tag.
 * Reads are not buffered beyond one socket read: a slow listener slows its event loop (and the
 * peer, through TCP flow control), so listeners must not block.
 */
@NullMarked
package io.dfota.transport.netty;

import org.jspecify.annotations.NullMarked;
