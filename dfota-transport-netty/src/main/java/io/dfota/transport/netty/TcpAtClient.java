package io.dfota.transport.netty;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.internal.TcpClientTransport;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the TCP client {@link AtTransport}: the MCU side's AT link to a module reached over TCP (a
 * serial server, a gateway, the emulator). It connects on {@link AtTransport#start}, reports {@code
 * onConnected} / {@code onDisconnected(reason, willReconnect)}, and reconnects with the {@link
 * ReconnectPolicy} until closed. Writes while the link is down fail with {@link
 * TransportException.Failure#NOT_CONNECTED}; writes over the outbound limit fail with {@link
 * TransportException.Failure#BUFFER_FULL}.
 *
 * <p>The caller owns the {@link EventLoopGroup} (NIO) and shuts it down; many transports share it.
 * Each transport pins one event loop of the group, on which its listener is called: the listener
 * must not block.
 */
public final class TcpAtClient {
  private TcpAtClient() {}

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The TCP client's settings. */
  public static final class Builder {
    private @Nullable EventLoopGroup group;
    private @Nullable String host;
    private int port = -1;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private @Nullable ReconnectPolicy reconnect = ReconnectPolicy.DEFAULT;
    private int maxPendingWriteBytes = 64 * 1024;
    private final Map<ChannelOption<?>, Object> options = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the event-loop group (required, NIO); the caller shuts it down.
     *
     * @param group the group
     * @return this
     */
    public Builder eventLoopGroup(EventLoopGroup group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * Sets the peer (required).
     *
     * @param host a host name or address
     * @param port 1..65535
     * @return this
     */
    public Builder remote(String host, int port) {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
      }
      this.host = host;
      this.port = port;
      return this;
    }

    /**
     * Sets the connect timeout (default 10 s).
     *
     * @param timeout 1 ms .. 10 min
     * @return this
     */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "connectTimeout: " + timeout + " (expected: 1 ms .. 10 min)");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets the reconnect back-off (default {@link ReconnectPolicy#DEFAULT}).
     *
     * @param policy the policy
     * @return this
     */
    public Builder reconnect(ReconnectPolicy policy) {
      this.reconnect = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Turns reconnecting off: after the link drops, the transport stays down.
     *
     * @return this
     */
    public Builder noReconnect() {
      this.reconnect = null;
      return this;
    }

    /**
     * Sets the outbound limit: bytes accepted by {@code write} and not yet flushed to the socket
     * (default 64 KiB). Also the channel's high write-buffer watermark.
     *
     * @param bytes 1 KiB .. 64 MiB
     * @return this
     */
    public Builder maxPendingWriteBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxPendingWriteBytes: " + bytes + " (expected: 1024..67108864)");
      }
      this.maxPendingWriteBytes = bytes;
      return this;
    }

    /**
     * Sets an extra Netty channel option (for example {@code SO_SNDBUF}).
     *
     * @param option the option
     * @param value its value
     * @param <T> the option's type
     * @return this
     */
    public <T> Builder channelOption(ChannelOption<T> option, T value) {
      options.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the transport; it connects on {@code start}.
     *
     * @return the transport
     */
    public AtTransport build() {
      EventLoopGroup g = group;
      String h = host;
      if (g == null) {
        throw new IllegalStateException("eventLoopGroup: not set (expected: the caller's group)");
      }
      if (h == null) {
        throw new IllegalStateException("remote: not set (expected: host and port)");
      }
      return new TcpClientTransport(
          g.next(), h, port, connectTimeout, reconnect, maxPendingWriteBytes, Map.copyOf(options));
    }
  }
}
