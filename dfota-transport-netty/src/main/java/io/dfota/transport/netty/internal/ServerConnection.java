package io.dfota.transport.netty.internal;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.AtConnection;
import io.dfota.transport.netty.TransportException;
import io.dfota.transport.netty.TransportException.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection of {@link TcpServerImpl}: the channel does not read until {@link #start},
 * then every event runs on the channel's event loop.
 */
final class ServerConnection extends ChannelInboundHandlerAdapter implements AtConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ServerConnection.class);

  private final String tag;
  private final Channel channel;
  private final Outbound outbound;
  private final Runnable onGone;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean gone = new AtomicBoolean();
  private AtTransport.@Nullable Listener listener;
  private @Nullable Throwable lastError;
  private boolean notifiedDown;

  ServerConnection(String tag, Channel channel, int maxPendingWriteBytes, Runnable onGone) {
    this.tag = tag;
    this.channel = channel;
    this.outbound = new Outbound(maxPendingWriteBytes);
    this.onGone = onGone;
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public String tag() {
    return tag;
  }

  @Override
  public void start(AtTransport.Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!started.compareAndSet(false, true)) {
      throw new TransportException(
          Failure.ILLEGAL_USE, "start: called twice on " + tag + " (expected: once)");
    }
    GuardedListener guarded = new GuardedListener(listener, tag);
    try {
      channel
          .eventLoop()
          .execute(
              () -> {
                this.listener = guarded;
                if (closed.get()) {
                  notifyDown("transport closed");
                } else if (channel.isActive()) {
                  guarded.onConnected();
                  channel.config().setAutoRead(true);
                  channel.read();
                } else {
                  notifyDown(downReason());
                }
              });
    } catch (RejectedExecutionException e) {
      throw new TransportException(
          Failure.ILLEGAL_USE, "start: the event loop group is shut down (expected: running)", e);
    }
  }

  private String downReason() {
    Throwable e = lastError;
    return e == null ? "peer closed the connection" : "connection lost: " + Outbound.describe(e);
  }

  private void notifyDown(String reason) {
    AtTransport.Listener l = listener;
    if (l != null && !notifiedDown) {
      notifiedDown = true;
      l.onDisconnected(reason, false);
    }
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return outbound.write(channel, bytes, closed::get, "not connected: " + tag + " is gone");
  }

  @Override
  public boolean isConnected() {
    return !closed.get() && channel.isActive();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Runnable shutdown =
        () -> {
          channel.close();
          notifyDown("transport closed");
        };
    Loops.runAndWait(channel.eventLoop(), shutdown, tag);
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
    if (gone.compareAndSet(false, true)) {
      onGone.run();
    }
    if (!closed.get()) {
      notifyDown(downReason());
    }
    LOG.debug("{}: connection ended", tag);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (lastError == null) {
      lastError = cause;
    }
    LOG.debug("{}: {}", tag, Outbound.describe(cause));
    ctx.close();
  }

  @Override
  public String toString() {
    return tag;
  }
}
