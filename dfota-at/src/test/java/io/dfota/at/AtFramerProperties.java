package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AtFramerProperties {

  private static final List<String> LINES =
      List.of(
          "FIRMWARE DOWNLOADING",
          "FIRMWARE DOWNLOAD SUCCESS",
          "FIRMWARE UPDATE OVER",
          "+QLWEVTIND:5",
          "+QLWEVTIND: 3",
          "+CSCON:1,0",
          "+CSCON:0",
          "+NNMI:4,DEADBEEF",
          "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
          "Neul",
          "OK",
          "ERROR",
          "+CME ERROR:529",
          "Signal power:-785",
          "+CGSN:867725030008282");

  private static final List<String> ENDS = List.of("\r\n", "\r", "\n", "\r\n\r\n");

  @Provide
  Arbitrary<String> validStreams() {
    Arbitrary<String> element =
        Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of(LINES), Arbitraries.of(ENDS))
                .as((l, e) -> "\r\n" + l + e),
            Arbitraries.just("\r\n> "),
            Arbitraries.just("\r\n" + "A".repeat(AtFramer.DEFAULT_MAX_LINE_LENGTH + 10) + "\r\n"),
            Arbitraries.just("\r\n" + "B".repeat(AtFramer.DEFAULT_MAX_LINE_LENGTH) + "\n"));
    return element.list().ofMaxSize(30).map(l -> String.join("", l));
  }

  @Property(tries = 300)
  void splittingAValidStreamAnywhereYieldsTheSameEvents(
      @ForAll("validStreams") String stream,
      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 40) Integer> cuts) {
    byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
    List<AtFramer.Event> whole = AtFramer.create().decode(bytes);

    AtFramer f = AtFramer.create();
    List<AtFramer.Event> pieces = new ArrayList<>();
    int pos = 0;
    int i = 0;
    while (pos < bytes.length) {
      int n = cuts.isEmpty() ? 1 : cuts.get(i++ % cuts.size());
      int end = Math.min(bytes.length, pos + n);
      pieces.addAll(f.decode(Arrays.copyOfRange(bytes, pos, end)));
      pos = end;
    }
    assertEquals(whole, pieces);
  }

  @Property(tries = 100)
  void feedingSingleBytesYieldsTheSameEvents(@ForAll("validStreams") String stream) {
    byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
    List<AtFramer.Event> whole = AtFramer.create().decode(bytes);
    AtFramer f = AtFramer.create();
    List<AtFramer.Event> single = new ArrayList<>();
    for (byte b : bytes) {
      single.addAll(f.decode(new byte[] {b}));
    }
    assertEquals(whole, single);
  }

  @Property(tries = 300)
  void wordAtATimeFramingMatchesByteAtATimeFramingOnDenseLineEndsAndPrompts(
      @ForAll("denseStreams") String stream) {
    byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
    List<AtFramer.Event> whole = AtFramer.create(AtFramer.MIN_MAX_LINE_LENGTH).decode(bytes);
    AtFramer f = AtFramer.create(AtFramer.MIN_MAX_LINE_LENGTH);
    List<AtFramer.Event> single = new ArrayList<>();
    for (byte b : bytes) {
      single.addAll(f.decode(new byte[] {b}));
    }
    assertEquals(single, whole);
  }

  @Provide
  Arbitrary<String> denseStreams() {
    Arbitrary<String> small = Arbitraries.strings().withChars("\r\n> AK").ofMaxLength(200);
    Arbitrary<String> longLine =
        Arbitraries.integers()
            .between(AtFramer.MIN_MAX_LINE_LENGTH - 3, AtFramer.MIN_MAX_LINE_LENGTH + 3)
            .map(n -> "x".repeat(n));
    return Arbitraries.oneOf(small, small, longLine)
        .list()
        .ofMaxSize(6)
        .map(l -> String.join("", l));
  }

  @Property(tries = 200)
  void arbitraryBytesYieldOnlyTheFramersOwnEventsWithinBoundedMemory(
      @ForAll @Size(max = 20) List<@Size(max = 3000) byte[]> chunks) {
    AtFramer f = AtFramer.create(AtFramer.MIN_MAX_LINE_LENGTH);
    for (byte[] chunk : chunks) {
      for (AtFramer.Event e : f.decode(chunk)) {
        if (e instanceof AtFramer.Line l) {
          assertTrue(l.text().length() <= AtFramer.MIN_MAX_LINE_LENGTH);
          Urc.parse(l.text()); // never throws
        } else if (e instanceof AtFramer.Error err) {
          assertTrue(err.message().startsWith("line length"), err.message());
        }
      }
      assertTrue(f.buffered() <= AtFramer.MIN_MAX_LINE_LENGTH);
    }
  }

  @Property(tries = 200)
  void arbitraryLinesDecodeToSomeUrcWithoutThrowing(@ForAll @Size(max = 300) byte[] line) {
    Urc u = Urc.decode(line, 0, line.length);
    assertTrue(u.line() != null);
  }
}
