package io.dfota.transport.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtFramer;
import io.dfota.at.ModuleCodec;
import io.dfota.at.Qlwfotaind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtHandlersTest {

  static List<Object> drain(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = ch.readInbound()) != null) {
      out.add(m);
    }
    return out;
  }

  @Test
  void decodesTheSeedTranscriptFedByteByByte() {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.framer());
    byte[] bytes =
        (SerialAtPortTest.SCRIPT.get("AT+QLWFOTAIND?")
                + SerialAtPortTest.SCRIPT.get("AT+QLWULDATA=3,313233"))
            .getBytes(StandardCharsets.ISO_8859_1);
    for (byte b : bytes) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
    }
    List<Object> lines = drain(ch);
    assertEquals(
        List.of(
            "+QLWFOTAIND:0",
            "OK",
            "OK",
            "+QLWEVTIND:5",
            "FIRMWARE DOWNLOADING",
            "FIRMWARE DOWNLOADED",
            "FIRMWARE UPDATING",
            "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
            "Neul",
            "OK",
            "FIRMWARE UPDATE SUCCESS",
            "+QLWEVTIND:0",
            "+QLWEVTIND:3",
            "FIRMWARE UPDATE OVER"),
        lines.stream().map(l -> ((AtFramer.Line) l).text()).toList());
    ch.checkException();
    assertFalse(ch.finish(), "nothing left in the channel");
  }

  @Test
  void reportsAnEndlessLineOnceAndResynchronises() {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.framer());
    byte[] endless = new byte[64 * 1024];
    Arrays.fill(endless, (byte) 'A');
    for (int i = 0; i < 16; i++) {
      ch.writeInbound(Unpooled.wrappedBuffer(endless));
    }
    ch.writeInbound(Unpooled.copiedBuffer("\r\nOK\r\n", StandardCharsets.US_ASCII));
    List<Object> out = drain(ch);
    assertEquals(2, out.size(), out.toString());
    assertInstanceOf(AtFramer.Error.class, out.get(0));
    assertEquals(new AtFramer.Line("OK"), out.get(1));
    assertTrue(ch.isActive());
    ch.checkException();
  }

  @Test
  void reportsThePromptAtOnce() {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.framer());
    ch.writeInbound(Unpooled.copiedBuffer("\r\n> ", StandardCharsets.US_ASCII));
    assertEquals(List.of(new AtFramer.Prompt()), drain(ch));
  }

  @Test
  void parsesModuleCommandsWithDfotaAtsCodec() {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.framer(), AtHandlers.moduleCommands());
    ch.writeInbound(Unpooled.copiedBuffer("AT+QLWFOTAIND?\rAT+NOPE\r", StandardCharsets.US_ASCII));
    List<Object> out = drain(ch);
    assertEquals(2, out.size(), out.toString());
    assertEquals(new ModuleCodec.Known(new Qlwfotaind.Query()), out.get(0));
    assertInstanceOf(ModuleCodec.Unsupported.class, out.get(1));
  }

  @Test
  void encodesTextAsOneBytePerChar() {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.textEncoder());
    ch.writeOutbound(ModuleCodec.frame("FIRMWARE DOWNLOADING"));
    ByteBuf out = ch.readOutbound();
    try {
      assertEquals("\r\nFIRMWARE DOWNLOADING\r\n", out.toString(StandardCharsets.ISO_8859_1));
    } finally {
      out.release();
    }
  }
}
