package io.dfota.transport.netty.internal;

import io.dfota.transport.netty.TransportException;
import io.dfota.transport.netty.TransportException.Failure;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The bounded write path of one transport: bytes accepted but not yet flushed to the socket are
 * counted, and a write that would take the count over the limit fails at once with {@link
 * Failure#BUFFER_FULL} instead of queueing, so a peer that stops reading never makes memory grow.
 * The channel's write-buffer watermarks are set to the same limit.
 */
final class Outbound {
  private final AtomicLong pending = new AtomicLong();
  private final int limit;

  Outbound(int limit) {
    this.limit = limit;
  }

  int limit() {
    return limit;
  }

  long pending() {
    return pending.get();
  }

  static CompletableFuture<Void> failed(Failure failure, String reason) {
    return CompletableFuture.failedFuture(new TransportException(failure, reason));
  }

  /**
   * Writes and flushes a copy of the bytes.
   *
   * @param channel the channel, null when the link is down
   * @param bytes the bytes (consumed)
   * @param closed whether the transport was closed for good
   * @param notConnected the reason given when the link is down
   * @return the write's future
   */
  CompletableFuture<Void> write(
      @Nullable Channel channel, ByteBuffer bytes, BooleanSupplier closed, String notConnected) {
    if (closed.getAsBoolean()) {
      return failed(Failure.CLOSED, "transport closed");
    }
    if (channel == null || !channel.isActive()) {
      return failed(Failure.NOT_CONNECTED, notConnected);
    }
    int size = bytes.remaining();
    long now = pending.addAndGet(size);
    if (now > limit) {
      pending.addAndGet(-size);
      return failed(
          Failure.BUFFER_FULL,
          "outbound buffer full: "
              + size
              + " more bytes would make "
              + now
              + " unflushed (limit: "
              + limit
              + "); the peer is not reading");
    }
    ByteBuf buf = Unpooled.buffer(size, size);
    buf.writeBytes(bytes);
    CompletableFuture<Void> result = new CompletableFuture<>();
    channel
        .writeAndFlush(buf)
        .addListener(
            f -> {
              pending.addAndGet(-size);
              if (f.isSuccess()) {
                result.complete(null);
              } else if (closed.getAsBoolean()) {
                result.completeExceptionally(
                    new TransportException(Failure.CLOSED, "transport closed", f.cause()));
              } else {
                Throwable cause = f.cause();
                result.completeExceptionally(
                    new TransportException(
                        Failure.IO_ERROR,
                        "write failed: " + (cause == null ? "cancelled" : describe(cause)),
                        cause));
              }
            });
    return result;
  }

  static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
