package io.dfota.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dfota.at.AtTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Helpers shared by the transport tests. */
final class TestSupport {
  private TestSupport() {}

  static EventLoopGroup newGroup() {
    return new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  }

  static void shutdown(EventLoopGroup group) {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  static ByteBuffer copy(ByteBuffer b) {
    ByteBuffer c = ByteBuffer.allocate(b.remaining());
    c.put(b.duplicate()).flip();
    return c;
  }

  static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Waits for the future and returns its TransportException. */
  static TransportException awaitFailure(CompletableFuture<?> f) {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> f.get(RecordingListener.WAIT.toSeconds(), TimeUnit.SECONDS));
    return assertInstanceOf(TransportException.class, e.getCause());
  }

  static void assertFails(
      CompletableFuture<?> f, TransportException.Failure failure, String reasonPart) {
    TransportException e = awaitFailure(f);
    assertEquals(failure, e.failure(), e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains(reasonPart), e.getMessage() + " should contain " + reasonPart);
  }

  /** Starts an echo on an accepted connection. */
  static void echo(AtConnection c) {
    c.start(
        new AtTransport.Listener() {
          @Override
          public void onConnected() {}

          @Override
          public void onBytes(ByteBuffer bytes) {
            c.write(copy(bytes));
          }

          @Override
          public void onDisconnected(String reason, boolean willReconnect) {}
        });
  }
}
