/** {@code AtTransport} implementations over Netty: TCP client, TCP server, serial port. */
@NullMarked
package io.dfota.transport.netty;

import org.jspecify.annotations.NullMarked;
