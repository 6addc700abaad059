package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtLineDecoderTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> kinds(String stream) {
    List<String> out = new ArrayList<>();
    AtLineDecoder.create()
        .feed(ascii(stream), 0, stream.length(), l -> out.add(l.kind() + " " + l.text()));
    return out;
  }

  @Test
  void classifiesFinalResultsUrcsPayloadsAndOtherLines() {
    assertEquals(
        List.of(
            "FINAL_OK OK",
            "FINAL_ERROR ERROR",
            "CME_ERROR +CME ERROR: 529",
            "URC FIRMWARE UPDATE OVER",
            "URC +QLWEVTIND: 6",
            "NNMI_DATA +NNMI:2,CAFE",
            "OTHER +CSCON:1,0",
            "OTHER +CGSN:867725030008282",
            "URC REBOOT_CAUSE_APPLICATION_AT"),
        kinds(
            "\r\nOK\r\nERROR\r\n+CME ERROR: 529\r\nFIRMWARE UPDATE OVER\n+QLWEVTIND: 6\r"
                + "+NNMI:2,CAFE\r\n+CSCON:1,0\r\n+CGSN:867725030008282\r\n"
                + "REBOOT_CAUSE_APPLICATION_AT\r\n"));
  }

  @Test
  void returnsTheSharedConstantsForFixedUrcs() {
    List<Urc> urcs = new ArrayList<>();
    byte[] s = ascii("FIRMWARE DOWNLOADING\r\n+QLWEVTIND:3\r\n+CSCON:0\r\nNeul\r\n+NNMI\r\n");
    AtLineDecoder.create().feed(s, 0, s.length, l -> urcs.add(l.urc()));
    assertSame(Urc.Firmware.DOWNLOADING, urcs.get(0));
    assertSame(Urc.LwEvent.of(3), urcs.get(1));
    assertSame(Urc.Cscon.IDLE, urcs.get(2));
    assertSame(Urc.Neul.INSTANCE, urcs.get(3));
    assertSame(Urc.Nnmi.INDICATION, urcs.get(4));
  }

  @Test
  void everyFixedUrcLineDecodesToItsOwnSharedConstant() {
    List<Urc> fixed = new ArrayList<>(Urc.Firmware.ALL);
    for (int code = 0; code <= 9; code++) {
      fixed.add(Urc.LwEvent.of(code));
    }
    fixed.addAll(
        List.of(
            Urc.Cscon.IDLE,
            Urc.Cscon.CONNECTED,
            Urc.Neul.INSTANCE,
            Urc.BootOk.INSTANCE,
            Urc.Nnmi.INDICATION));
    for (Urc u : fixed) {
      byte[] line = ascii("x" + u.line() + "\r\n");
      List<Urc> got = new ArrayList<>();
      AtLineDecoder.create().feed(line, 0, line.length, l -> got.add(l.urc()));
      assertEquals(1, got.size());
      assertEquals(new Urc.Unknown("x" + u.line()), got.get(0));
      assertSame(u, Urc.decode(line, 1, line.length - 3));
    }
  }

  @Test
  void readsNumericFieldsOfResponseLinesWithoutText() {
    List<Integer> fields = new ArrayList<>();
    byte[] s = ascii("+CSCON:1, 0\r\n+NUESTATS:x,7\r\nabc\r\n");
    AtLineDecoder.create()
        .feed(
            s,
            0,
            s.length,
            l -> {
              fields.add(l.fieldCount());
              fields.add(l.intField(0));
              fields.add(l.intField(1));
              fields.add(l.intField(2));
            });
    assertEquals(List.of(2, 1, 0, -1, 2, -1, 7, -1, 1, -1, -1, -1), fields);
  }

  @Test
  void decodesTheNnmiPayloadIntoTheCallersBuffer() {
    byte[] dst = new byte[8];
    List<ByteBuffer> views = new ArrayList<>();
    byte[] s = ascii("+NNMI:3, 01ab7F\r\n");
    AtLineDecoder.create()
        .feed(
            s,
            0,
            s.length,
            l -> {
              assertEquals(3, l.payloadLength());
              assertEquals(3, l.copyPayload(dst, 1));
              assertEquals(HexPayload.fromHex("01AB7F"), l.payload());
              views.add(l.payloadView());
              assertTrue(l.payloadView().isReadOnly());
            });
    assertEquals(List.of((byte) 0, (byte) 1, (byte) 0xAB, (byte) 0x7F), toList(dst, 4));
  }

  private static List<Byte> toList(byte[] b, int n) {
    List<Byte> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b[i]);
    }
    return out;
  }

  @Test
  void refusesThePayloadOfOtherKinds() {
    byte[] s = ascii("OK\r\n");
    AtLineDecoder.create()
        .feed(
            s,
            0,
            s.length,
            l -> {
              assertEquals(0, l.payloadLength());
              assertFalse(l.payloadView().hasRemaining());
              assertThrows(AtException.class, l::payload);
            });
  }

  @Test
  void reportsPromptsAndOverlongLinesThenResynchronises() {
    List<String> out = new ArrayList<>();
    AtLineDecoder d = AtLineDecoder.create(AtFramer.MIN_MAX_LINE_LENGTH);
    AtLineDecoder.Handler h =
        new AtLineDecoder.Handler() {
          @Override
          public void onLine(AtLine line) {
            out.add(line.text());
          }

          @Override
          public void onPrompt() {
            out.add(">");
          }

          @Override
          public void onError(AtException error) {
            out.add("error");
          }
        };
    byte[] s = ascii("\r\n> " + "x".repeat(AtFramer.MIN_MAX_LINE_LENGTH + 1) + "\r\nOK\r\n");
    d.feed(ByteBuffer.wrap(s), h);
    assertEquals(List.of(">", "error", "OK"), out);
    assertEquals(0, d.buffered());
  }

  @Test
  void decodingFixedUrcsPayloadsAndResponseLinesAllocatesNothing() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    byte[] s =
        ascii(
            "\r\nFIRMWARE DOWNLOADING\r\n+QLWEVTIND:5\r\n+CSCON:1\r\n+NNMI:4,0123ABCD\r\n"
                + "+CSCON:1,0\r\nOK\r\nERROR\r\n+CME ERROR:529\r\nFIRMWARE UPDATE OVER\r\n");
    byte[] dst = new byte[1024];
    int[] sum = new int[1];
    AtLineDecoder d = AtLineDecoder.create();
    AtLineDecoder.Handler h =
        l -> {
          sum[0] += l.kind().ordinal() + l.copyPayload(dst, 0) + l.intField(1) + l.cmeCode();
          if (l.kind() == AtLine.Kind.URC) {
            sum[0] += l.urc().hashCode();
          }
        };
    for (int i = 0; i < 2000; i++) {
      d.feed(s, 0, s.length, h);
    }
    // the steady state allocates nothing; a round can still see a one-off allocation of the JVM
    // (a JIT deoptimisation, a safepoint) on this thread, so the best of five rounds is judged
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long before = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 1000; i++) {
        d.feed(s, 0, s.length, h);
      }
      allocated = Math.min(allocated, mx.getCurrentThreadAllocatedBytes() - before);
    }
    assertTrue(allocated < 1000, "allocated " + allocated + " bytes for 9000 lines");
    assertTrue(sum[0] != 0);
  }
}
