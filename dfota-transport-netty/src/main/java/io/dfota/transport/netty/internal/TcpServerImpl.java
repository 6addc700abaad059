package io.dfota.transport.netty.internal;

import io.dfota.transport.netty.AtConnection;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TransportException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP server of the module side; see {@link io.dfota.transport.netty.TcpAtServer}. */
public final class TcpServerImpl implements AtServer {
  private static final Logger LOG = LoggerFactory.getLogger(TcpServerImpl.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Channel serverChannel;
  private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger open = new AtomicInteger();

  private TcpServerImpl(Channel serverChannel) {
    this.serverChannel = serverChannel;
  }

  /**
   * Binds a server.
   *
   * @param group the caller's group, for accepting and for the connections
   * @param address where to listen
   * @param onAccept receives each connection
   * @param maxConnections connections over this are closed at once
   * @param maxPendingWriteBytes the outbound limit per connection
   * @param childOptions extra options of the accepted channels
   * @return the bound server, or the bind failure
   */
  public static CompletableFuture<AtServer> bind(
      EventLoopGroup group,
      InetSocketAddress address,
      Consumer<AtConnection> onAccept,
      int maxConnections,
      int maxPendingWriteBytes,
      Map<ChannelOption<?>, Object> childOptions) {
    CompletableFuture<AtServer> result = new CompletableFuture<>();
    AtomicReference<TcpServerImpl> self = new AtomicReference<>();
    int serverId = IDS.incrementAndGet();
    AtomicInteger connectionIds = new AtomicInteger();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .handler(new AcceptErrorHandler())
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(maxPendingWriteBytes / 2, maxPendingWriteBytes));
    for (Map.Entry<ChannelOption<?>, Object> e : childOptions.entrySet()) {
      setChildOption(b, e.getKey(), e.getValue());
    }
    b.childHandler(
        new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            TcpServerImpl server = self.get();
            String tag =
                "tcp-server#"
                    + serverId
                    + "."
                    + connectionIds.incrementAndGet()
                    + " "
                    + ch.remoteAddress();
            if (server == null || server.closed.get()) {
              ch.close();
              return;
            }
            AtomicReference<ServerConnection> holder = new AtomicReference<>();
            ServerConnection connection =
                new ServerConnection(
                    tag, ch, maxPendingWriteBytes, () -> server.gone(holder.get()));
            holder.set(connection);
            ch.pipeline().addLast(new WireLogHandler(tag), connection);
            if (!server.admit(connection, maxConnections)) {
              LOG.warn("{}: refused, the limit of {} connections is reached", tag, maxConnections);
              ch.close();
              return;
            }
            ch.pipeline()
                .addLast(
                    new ChannelInboundHandlerAdapter() {
                      @Override
                      public void channelActive(ChannelHandlerContext ctx) {
                        ctx.pipeline().remove(this);
                        try {
                          onAccept.accept(connection);
                        } catch (RuntimeException e) {
                          LOG.warn("{}: accept callback threw; closing", tag, e);
                          connection.close();
                        }
                      }
                    });
          }
        });
    ChannelFuture bound = b.bind(address);
    bound.addListener(
        (ChannelFuture f) -> {
          if (f.isSuccess()) {
            TcpServerImpl server = new TcpServerImpl(f.channel());
            self.set(server);
            LOG.info("AT server listening on {}", f.channel().localAddress());
            result.complete(server);
          } else {
            result.completeExceptionally(
                new TransportException(
                    TransportException.Failure.IO_ERROR,
                    "bind " + address + " failed: " + Outbound.describe(f.cause()),
                    f.cause()));
          }
        });
    return result;
  }

  private boolean admit(ServerConnection connection, int maxConnections) {
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      return false;
    }
    connections.add(connection);
    return true;
  }

  private void gone(@Nullable ServerConnection connection) {
    if (connection != null && connections.remove(connection)) {
      open.decrementAndGet();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void setChildOption(ServerBootstrap b, ChannelOption<T> option, Object value) {
    b.childOption(option, (T) value);
  }

  /**
   * Catches accept errors on the listening channel (for example too many open files) so that none
   * reaches Netty's tail; like Netty's own acceptor, it stops accepting for a second.
   */
  private static final class AcceptErrorHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("accept on {} failed: {}", ctx.channel().localAddress(), Outbound.describe(cause));
      if (ctx.channel().config().isAutoRead()) {
        ctx.channel().config().setAutoRead(false);
        ctx.channel()
            .eventLoop()
            .schedule(() -> ctx.channel().config().setAutoRead(true), 1, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  @Override
  public int connectionCount() {
    return connections.size();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ChannelFuture f = serverChannel.close();
    if (!serverChannel.eventLoop().inEventLoop()
        && io.netty.util.internal.ThreadExecutorMap.currentExecutor() == null) {
      f.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }
    List<ServerConnection> remaining = new ArrayList<>(connections);
    for (ServerConnection c : remaining) {
      c.close();
    }
    connections.clear();
    open.set(0);
    LOG.info("AT server on {} closed", serverChannel.localAddress());
  }
}
