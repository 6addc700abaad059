package io.dfota.at;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The byte link between the MCU side and a module: a UART, a TCP connection to a serial server or
 * the emulator, or an in-memory pipe. This is the SPI that {@code dfota-transport-netty}
 * implements; the AT session on top of it never sees sockets or ports.
 *
 * <p>Bytes arrive on the transport's own thread, in order, through {@link Listener#onBytes}; the
 * listener must copy what it keeps, because the buffer may be reused after the call returns.
 */
public interface AtTransport extends AutoCloseable {

  /**
   * Starts delivering events to the listener. Called once, before any write.
   *
   * @param listener receives bytes and connection events
   */
  void start(Listener listener);

  /**
   * Writes bytes to the module.
   *
   * @param bytes the bytes; the transport copies or consumes them before the future completes
   * @return completes when the bytes were flushed, or fails with the reason (not connected, closed,
   *     the peer's buffer is full)
   */
  CompletableFuture<Void> write(ByteBuffer bytes);

  /**
   * Returns whether the link is up now.
   *
   * @return true when connected
   */
  boolean isConnected();

  /**
   * Closes the link for good; pending writes fail, and the listener gets {@link
   * Listener#onDisconnected} with the reason "transport closed". Never throws.
   */
  @Override
  void close();

  /** Receives the transport's events, on the transport's thread. */
  interface Listener {
    /** The link came up (or came back after a reconnect). */
    void onConnected();

    /**
     * Bytes arrived from the module.
     *
     * @param bytes the bytes, valid only during the call
     */
    void onBytes(ByteBuffer bytes);

    /**
     * The link went down.
     *
     * @param reason why, for the application and the logs
     * @param willReconnect whether the transport will try to come back on its own
     */
    void onDisconnected(String reason, boolean willReconnect);
  }
}
