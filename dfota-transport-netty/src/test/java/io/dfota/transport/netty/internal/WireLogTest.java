package io.dfota.transport.netty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireLogTest {

  @Test
  void escapesLineEndsQuotesAndControlBytes() {
    ByteBuffer b =
        ByteBuffer.wrap(
            new byte[] {'\r', '\n', 'O', 'K', '"', '\\', 0x00, (byte) 0xFF, 0x13, '\r', '\n'});
    assertEquals("\\r\\nOK\\\"\\\\\\x00\\xFF\\x13\\r\\n", WireLog.escape(b));
    assertEquals(0, b.position(), "escape leaves the buffer's position alone");
  }

  @Test
  void cutsLongChunksAndSaysHowMuchWasLeftOut() {
    byte[] bytes = new byte[WireLog.MAX_SHOWN + 100];
    Arrays.fill(bytes, (byte) 'A');
    String shown = WireLog.escape(ByteBuffer.wrap(bytes));
    assertTrue(shown.endsWith("...(100 more)"), shown);
    assertEquals(WireLog.MAX_SHOWN + "...(100 more)".length(), shown.length());
  }

  @Test
  void escapesOnlyTheRemainingBytes() {
    ByteBuffer b = ByteBuffer.wrap("xxAT\r".getBytes(StandardCharsets.US_ASCII));
    b.position(2);
    assertEquals("AT\\r", WireLog.escape(b));
  }
}
