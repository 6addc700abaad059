/** Implementations of the Netty and jSerialComm transports; not an API. */
@NullMarked
package io.dfota.transport.netty.internal;

import org.jspecify.annotations.NullMarked;
