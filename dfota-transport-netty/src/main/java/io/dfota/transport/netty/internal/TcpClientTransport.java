package io.dfota.transport.netty.internal;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.ReconnectPolicy;
import io.dfota.transport.netty.TransportException;
import io.dfota.transport.netty.TransportException.Failure;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP client {@link AtTransport}: connects to a serial server, gateway or emulator, and comes
 * back with capped exponential back-off after the link drops. Every event, timer and listener call
 * runs on one event loop taken from the caller's group, so the listener is never called
 * concurrently.
 */
public final class TcpClientTransport implements AtTransport {
  private static final Logger LOG = LoggerFactory.getLogger(TcpClientTransport.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private final String host;
  private final int port;
  private final String tag;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final @Nullable ReconnectPolicy reconnect;
  private final Outbound outbound;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  // written and read on the event loop only (channel is volatile for write() and isConnected())
  private volatile @Nullable Channel channel;
  private AtTransport.@Nullable Listener listener;
  private @Nullable ChannelFuture connecting;
  private @Nullable ScheduledFuture<?> retry;
  private @Nullable Throwable lastError;
  private int attempt;

  /**
   * Creates the transport; nothing happens before {@link #start}.
   *
   * @param loop the event loop every event of this transport runs on
   * @param host the host
   * @param port the port
   * @param connectTimeout the connect timeout
   * @param reconnect the back-off, or null for no reconnect
   * @param maxPendingWriteBytes the outbound limit
   * @param options extra channel options
   */
  public TcpClientTransport(
      EventLoop loop,
      String host,
      int port,
      Duration connectTimeout,
      @Nullable ReconnectPolicy reconnect,
      int maxPendingWriteBytes,
      Map<ChannelOption<?>, Object> options) {
    this.host = host;
    this.port = port;
    this.loop = loop;
    this.reconnect = reconnect;
    this.outbound = new Outbound(maxPendingWriteBytes);
    this.tag = "tcp-client#" + IDS.incrementAndGet() + " " + host + ":" + port;
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(maxPendingWriteBytes / 2, maxPendingWriteBytes));
    for (Map.Entry<ChannelOption<?>, Object> e : options.entrySet()) {
      setOption(b, e.getKey(), e.getValue());
    }
    this.bootstrap =
        b.handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new WireLogHandler(tag), new LinkHandler());
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static <T> void setOption(Bootstrap b, ChannelOption<T> option, Object value) {
    b.option(option, (T) value);
  }

  /**
   * Returns the wire-log tag.
   *
   * @return the tag
   */
  public String tag() {
    return tag;
  }

  @Override
  public void start(AtTransport.Listener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    if (!started.compareAndSet(false, true)) {
      throw new TransportException(
          Failure.ILLEGAL_USE, "start: called twice on " + tag + " (expected: once)");
    }
    GuardedListener guarded = new GuardedListener(listener, tag);
    try {
      loop.execute(
          () -> {
            this.listener = guarded;
            connect();
          });
    } catch (RejectedExecutionException e) {
      throw new TransportException(
          Failure.ILLEGAL_USE, "start: the event loop group is shut down (expected: running)", e);
    }
  }

  private void connect() {
    retry = null;
    if (closed.get()) {
      return;
    }
    LOG.debug("{}: connecting (attempt {})", tag, attempt + 1);
    ChannelFuture f = bootstrap.connect(host, port);
    connecting = f;
    f.addListener(
        (ChannelFuture done) -> {
          if (connecting == done) {
            connecting = null;
          }
          if (!done.isSuccess() && !closed.get()) {
            Throwable cause = done.cause();
            linkDown(
                "connect to "
                    + host
                    + ":"
                    + port
                    + " failed: "
                    + (cause == null ? "cancelled" : Outbound.describe(cause)));
          }
        });
  }

  private void linkDown(String reason) {
    ReconnectPolicy policy = reconnect;
    boolean willReconnect = policy != null && !closed.get();
    AtTransport.Listener l = listener;
    if (l != null) {
      l.onDisconnected(reason, willReconnect);
    }
    if (policy != null && willReconnect) {
      Duration delay = policy.delay(attempt, ThreadLocalRandom.current().nextDouble());
      attempt = attempt == Integer.MAX_VALUE ? attempt : attempt + 1;
      LOG.debug("{}: {}; reconnecting in {} ms", tag, reason, delay.toMillis());
      retry = loop.schedule(this::connect, delay.toNanos(), TimeUnit.NANOSECONDS);
    } else {
      LOG.debug("{}: {}", tag, reason);
    }
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer bytes) {
    java.util.Objects.requireNonNull(bytes, "bytes");
    return outbound.write(
        channel,
        bytes,
        closed::get,
        "not connected to "
            + host
            + ":"
            + port
            + (reconnect != null ? " (reconnecting)" : " (no reconnect configured)"));
  }

  @Override
  public boolean isConnected() {
    Channel ch = channel;
    return !closed.get() && ch != null && ch.isActive();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Runnable shutdown =
        () -> {
          ScheduledFuture<?> r = retry;
          if (r != null) {
            r.cancel(false);
            retry = null;
          }
          ChannelFuture c = connecting;
          if (c != null) {
            c.channel().close();
            connecting = null;
          }
          Channel ch = channel;
          channel = null;
          if (ch != null) {
            ch.close();
          }
          AtTransport.Listener l = listener;
          if (l != null) {
            l.onDisconnected("transport closed", false);
          }
          LOG.debug("{}: closed", tag);
        };
    Loops.runAndWait(loop, shutdown, tag);
  }

  @Override
  public String toString() {
    return tag;
  }

  /** The last handler of the pipeline: hands bytes to the listener and catches every error. */
  private final class LinkHandler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (closed.get()) {
        ctx.close();
        return;
      }
      channel = ctx.channel();
      attempt = 0;
      lastError = null;
      LOG.debug("{}: connected", tag);
      AtTransport.Listener l = listener;
      if (l != null) {
        l.onConnected();
      }
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        AtTransport.Listener l = listener;
        if (msg instanceof ByteBuf && l != null && !closed.get()) {
          ByteBuf buf = (ByteBuf) msg;
          l.onBytes(buf.nioBuffer(buf.readerIndex(), buf.readableBytes()).asReadOnlyBuffer());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (channel == ctx.channel()) {
        channel = null;
        if (!closed.get()) {
          Throwable e = lastError;
          linkDown(
              e == null
                  ? "peer closed the connection"
                  : "connection lost: " + Outbound.describe(e));
        }
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (lastError == null) {
        lastError = cause;
      }
      LOG.debug("{}: {}", tag, Outbound.describe(cause));
      ctx.close();
    }
  }
}
