package io.dfota.transport.netty;

import io.dfota.transport.netty.internal.TcpServerImpl;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the module side's TCP server ({@link AtServer}): the emulator listens here, and each
 * accepted connection is one module's AT link, handed to the accept callback as an {@link
 * AtConnection}. A connection reads nothing until the callback (or later code) calls {@code start}.
 * The caller owns the {@link EventLoopGroup} (NIO), shared by the listening socket and every
 * connection.
 */
public final class TcpAtServer {
  private TcpAtServer() {}

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The TCP server's settings. */
  public static final class Builder {
    private @Nullable EventLoopGroup group;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    private @Nullable Consumer<AtConnection> onAccept;
    private int maxConnections = 4096;
    private int maxPendingWriteBytes = 64 * 1024;
    private final Map<ChannelOption<?>, Object> childOptions = new LinkedHashMap<>();

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
     * Sets where to listen (default 127.0.0.1, port 0 = any free port).
     *
     * @param address the address
     * @return this
     */
    public Builder bindAddress(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Sets the accept callback (required); it runs on the connection's event loop and must not
     * block.
     *
     * @param onAccept receives each new connection
     * @return this
     */
    public Builder onAccept(Consumer<AtConnection> onAccept) {
      this.onAccept = Objects.requireNonNull(onAccept, "onAccept");
      return this;
    }

    /**
     * Sets the connection limit (default 4096); connections over it are closed at once.
     *
     * @param max 1..1_000_000
     * @return this
     */
    public Builder maxConnections(int max) {
      if (max < 1 || max > 1_000_000) {
        throw new IllegalArgumentException("maxConnections: " + max + " (expected: 1..1000000)");
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Sets the outbound limit per connection (default 64 KiB), see {@link
     * TcpAtClient.Builder#maxPendingWriteBytes}.
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
     * Sets an extra Netty option of the accepted channels.
     *
     * @param option the option
     * @param value its value
     * @param <T> the option's type
     * @return this
     */
    public <T> Builder childOption(ChannelOption<T> option, T value) {
      childOptions.put(
          Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Binds the server.
     *
     * @return completes with the listening server, or fails with a {@link TransportException}
     */
    public CompletableFuture<AtServer> bind() {
      EventLoopGroup g = group;
      Consumer<AtConnection> accept = onAccept;
      if (g == null) {
        throw new IllegalStateException("eventLoopGroup: not set (expected: the caller's group)");
      }
      if (accept == null) {
        throw new IllegalStateException("onAccept: not set (expected: an accept callback)");
      }
      return TcpServerImpl.bind(
          g, address, accept, maxConnections, maxPendingWriteBytes, Map.copyOf(childOptions));
    }
  }
}
