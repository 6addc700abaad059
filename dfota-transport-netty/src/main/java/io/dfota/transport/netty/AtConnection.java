package io.dfota.transport.netty;

import io.dfota.at.AtTransport;
import java.net.SocketAddress;

/**
 * One accepted TCP connection of a {@link AtServer}: the module side of one MCU link (the emulator
 * runs one emulated module per connection). It is an {@link AtTransport} seen from the module: the
 * bytes it delivers are the MCU's commands, the bytes written to it are responses and URCs.
 *
 * <p>The connection reads nothing until {@link #start} is called, so a slow accept callback loses
 * no bytes. It never reconnects: when the peer goes away, the listener gets {@code
 * onDisconnected(reason, false)}.
 */
public interface AtConnection extends AtTransport {

  /**
   * Returns the peer's address.
   *
   * @return the remote address
   */
  SocketAddress remoteAddress();

  /**
   * Returns the tag of this connection on the {@code io.dfota.at.wire} log, for example {@code
   * "tcp-server#3 /127.0.0.1:40112"}.
   *
   * @return the tag
   */
  String tag();
}
