package io.dfota.transport.netty;

import java.net.InetSocketAddress;

/**
 * A listening TCP endpoint of the module side: every accepted connection is one module's AT link,
 * handed to the accept callback as an {@link AtConnection}. Built by {@link TcpAtServer#builder()}.
 */
public interface AtServer extends AutoCloseable {

  /**
   * Returns the bound address (with the real port when bound to port 0).
   *
   * @return the local address
   */
  InetSocketAddress localAddress();

  /**
   * Returns the number of open connections.
   *
   * @return the count
   */
  int connectionCount();

  /**
   * Stops listening and closes every connection; their listeners get {@code onDisconnected(
   * "transport closed", false)} and their pending writes fail. Never throws.
   */
  @Override
  void close();
}
