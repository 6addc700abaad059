package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtFramerTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<AtFramer.Event> lines(String... texts) {
    List<AtFramer.Event> out = new ArrayList<>();
    for (String t : texts) {
      out.add(new AtFramer.Line(t));
    }
    return out;
  }

  @Test
  void splitsLinesOnCrLfCrAndLfAndIgnoresEmptyLines() {
    AtFramer f = AtFramer.create();
    assertEquals(
        lines("+CSCON:1,0", "OK", "A", "B", "C"),
        f.decode(ascii("\r\n+CSCON:1,0\r\n\r\nOK\r\nA\rB\nC\r\n\n\r")));
    assertEquals(0, f.buffered());
  }

  @Test
  void decodesUrcSplitAcrossReads() {
    AtFramer f = AtFramer.create();
    assertEquals(List.of(), f.decode(ascii("\r\nFIRMWARE DOWN")));
    assertEquals(lines("FIRMWARE DOWNLOADING"), f.decode(ascii("LOADING\r")));
    assertEquals(List.of(), f.decode(ascii("\n")));
  }

  @Test
  void decodesByteByByte() {
    byte[] all = ascii("\r\n+QLWEVTIND:5\r\n> \r\nOK\r\n");
    AtFramer f = AtFramer.create();
    List<AtFramer.Event> out = new ArrayList<>();
    for (byte b : all) {
      out.addAll(f.decode(new byte[] {b}));
    }
    assertEquals(
        List.of(new AtFramer.Line("+QLWEVTIND:5"), new AtFramer.Prompt(), new AtFramer.Line("OK")),
        out);
  }

  @Test
  void reportsThePromptWithoutALineEnd() {
    assertEquals(List.of(new AtFramer.Prompt()), AtFramer.create().decode(ascii("\r\n> ")));
  }

  @Test
  void reportsAnOverlongLineOnceAndResynchronisesAtTheNextLineEnd() {
    AtFramer f = AtFramer.create(AtFramer.MIN_MAX_LINE_LENGTH);
    byte[] big = new byte[10_000];
    Arrays.fill(big, (byte) 'A');
    List<AtFramer.Event> out = new ArrayList<>(f.decode(big));
    out.addAll(f.decode(big));
    out.addAll(f.decode(ascii("\r\nOK\r\n")));
    assertEquals(2, out.size());
    assertInstanceOf(AtFramer.Error.class, out.get(0));
    assertTrue(((AtFramer.Error) out.get(0)).message().contains("line length"));
    assertEquals(new AtFramer.Line("OK"), out.get(1));
  }

  @Test
  void acceptsALineOfExactlyTheMaximumLength() {
    AtFramer f = AtFramer.create(AtFramer.MIN_MAX_LINE_LENGTH);
    byte[] max = new byte[AtFramer.MIN_MAX_LINE_LENGTH + 1];
    Arrays.fill(max, (byte) 'B');
    max[max.length - 1] = '\n';
    List<AtFramer.Event> out = f.decode(max);
    assertEquals(1, out.size());
    assertEquals(AtFramer.MIN_MAX_LINE_LENGTH, ((AtFramer.Line) out.get(0)).text().length());
  }

  @Test
  void keepsNulAndInvalidUtf8BytesInTheLine() {
    List<AtFramer.Event> out = AtFramer.create().decode(new byte[] {0, (byte) 0xC3, 'x', '\n'});
    assertEquals(List.of(new AtFramer.Line("\u0000\u00C3x")), out);
  }
}
