package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The zero-allocation decoder against the value path (framer and {@link Urc#decode}). */
class AtLineDecoderProperties {

  private static final Pattern CME = Pattern.compile("\\+CME ERROR: *[0-9]{1,9}");

  private static final List<String> LINES =
      List.of(
          "FIRMWARE DOWNLOADING",
          "FIRMWARE DOWNLOAD FAILED",
          "FIRMWARE DOWNLOADED",
          "FIRMWARE DOWNLOAD SUCCESS",
          "FIRMWARE UPDATING",
          "FIRMWARE UPDATE SUCCESS",
          "FIRMWARE UPDATE FAILED",
          "FIRMWARE UPDATE OVER",
          "FIRMWARE UPDATE OVERX",
          "FIRMWARE X Verified",
          "+QLWEVTIND:5",
          "+QLWEVTIND: 3",
          "+QLWEVTIND:12",
          "+QLWEVTIND:x",
          "+CSCON:1,0",
          "+CSCON:0",
          "+CSCON: 1",
          "+CSCON:2",
          "+NNMI",
          "+NNMI:4,DEADBEEF",
          "+NNMI: 2 , 0aFf ",
          "+NNMI:2,0G00",
          "+NNMI:3,DEADBEEF",
          "+NNMI:0,",
          "+NSMI:SENT,3",
          "+CEREG:1",
          "+CEREG:5,\"1A2B\",\"0000C001\",9",
          "+QLWULDATASTATUS:4,7",
          "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE",
          "REBOOT_CAUSE_bad",
          "Boot: Unsigned",
          "Security B.. Verified",
          "Neul",
          "OK",
          "ERROR",
          "+CME ERROR:529",
          "+CME ERROR: 3",
          "+CME ERROR:abc",
          "AT+CSCON?",
          "Signal power:-785",
          "+CGSN:867725030008282",
          "\u0000\u00ff");

  private static final List<String> ENDS = List.of("\r\n", "\r", "\n", "\r\n\r\n");

  @Provide
  Arbitrary<String> streams() {
    Arbitrary<String> element =
        Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of(LINES), Arbitraries.of(ENDS))
                .as((l, e) -> "\r\n" + l + e),
            Arbitraries.strings().withChars("+:, 0123456789ABCDEFNMIQLWEVTCSO\r\n").ofMaxLength(30),
            Arbitraries.strings().ofMaxLength(20).map(s -> s + "\r"),
            Arbitraries.just("\r\n> "),
            Arbitraries.just("\r\n+NNMI:1024," + "A5".repeat(1024) + "\r\n"),
            Arbitraries.just("\r\n+NNMI:1025," + "A5".repeat(1025) + "\r\n"),
            Arbitraries.just("\r\n" + "A".repeat(AtFramer.DEFAULT_MAX_LINE_LENGTH + 10) + "\r\n"));
    return element.list().ofMaxSize(40).map(l -> String.join("", l));
  }

  /** What a line must look like through the new decoder, derived from the value path. */
  private static String expected(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    Urc urc = Urc.decode(b, 0, b.length);
    AtLine.Kind kind;
    String payload = "";
    if (text.equals("OK")) {
      kind = AtLine.Kind.FINAL_OK;
    } else if (text.equals("ERROR")) {
      kind = AtLine.Kind.FINAL_ERROR;
    } else if (CME.matcher(text).matches()) {
      kind = AtLine.Kind.CME_ERROR;
    } else if (urc instanceof Urc.Nnmi n && n.data() != null) {
      kind = AtLine.Kind.NNMI_DATA;
      payload = Arrays.toString(n.data().bytes());
    } else if (urc instanceof Urc.Unknown) {
      kind = AtLine.Kind.OTHER;
    } else {
      kind = AtLine.Kind.URC;
    }
    int cme = kind == AtLine.Kind.CME_ERROR ? Integer.parseInt(text.substring(11).strip()) : -1;
    return kind + "|" + text + "|" + urc + "|" + payload + "|" + cme;
  }

  private static String actual(AtLine line) {
    String payload = "";
    if (line.kind() == AtLine.Kind.NNMI_DATA) {
      byte[] copy = new byte[line.payloadLength()];
      assertEquals(copy.length, line.copyPayload(copy, 0));
      byte[] view = new byte[line.payloadView().remaining()];
      line.payloadView().get(view);
      assertArrayEquals(copy, view);
      assertArrayEquals(copy, line.payload().bytes());
      payload = Arrays.toString(copy);
    }
    return line.kind()
        + "|"
        + line.text()
        + "|"
        + line.urc()
        + "|"
        + payload
        + "|"
        + line.cmeCode();
  }

  private static List<String> viaValues(byte[] bytes) {
    List<String> out = new ArrayList<>();
    for (AtFramer.Event e : AtFramer.create().decode(bytes)) {
      if (e instanceof AtFramer.Line l) {
        out.add(expected(l.text()));
      } else if (e instanceof AtFramer.Prompt) {
        out.add("prompt");
      } else if (e instanceof AtFramer.Error err) {
        out.add("error " + err.message());
      }
    }
    return out;
  }

  private static AtLineDecoder.Handler collect(List<String> out) {
    return new AtLineDecoder.Handler() {
      @Override
      public void onLine(AtLine line) {
        out.add(actual(line));
      }

      @Override
      public void onPrompt() {
        out.add("prompt");
      }

      @Override
      public void onError(AtException error) {
        out.add("error " + error.getMessage());
      }
    };
  }

  @Property(tries = 300)
  void decodesEveryStreamSplitAnywhereExactlyAsTheValuePath(
      @ForAll("streams") String stream,
      @ForAll @Size(max = 20) List<@IntRange(min = 1, max = 60) Integer> cuts) {
    byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
    AtLineDecoder d = AtLineDecoder.create();
    List<String> out = new ArrayList<>();
    int pos = 0;
    int i = 0;
    while (pos < bytes.length) {
      int n = cuts.isEmpty() ? bytes.length : cuts.get(i++ % cuts.size());
      int end = Math.min(bytes.length, pos + n);
      d.feed(Arrays.copyOfRange(bytes, pos, end), 0, end - pos, collect(out));
      pos = end;
    }
    assertEquals(viaValues(bytes), out);
  }

  @Property(tries = 300)
  void classifiesArbitraryLinesExactlyAsTheValuePath(@ForAll @Size(max = 120) byte[] line) {
    List<String> out = new ArrayList<>();
    byte[] stream = new byte[line.length + 1];
    System.arraycopy(line, 0, stream, 0, line.length);
    stream[line.length] = '\n';
    AtLineDecoder.create().feed(stream, 0, stream.length, collect(out));
    assertEquals(viaValues(stream), out);
  }

  @Property(tries = 500)
  void decodesNnmiHexExactlyAsHexPayload(
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 27) Integer> picks,
      @ForAll @IntRange(min = -1, max = 1) int lengthSkew) {
    String alphabet = "0123456789abcdefABCDEF@G`g/:";
    StringBuilder hex = new StringBuilder();
    for (int p : picks) {
      hex.append(alphabet.charAt(p));
    }
    String text = "+NNMI:" + (hex.length() / 2 + lengthSkew) + "," + hex;
    byte[] stream = (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>();
    AtLineDecoder.create().feed(stream, 0, stream.length, collect(out));
    assertEquals(List.of(expected(text)), out);
  }

  @Property(tries = 100)
  void arbitraryBytesNeverThrowAndKeepMemoryBounded(
      @ForAll @Size(max = 10) List<@Size(max = 3000) byte[]> chunks) {
    AtLineDecoder d = AtLineDecoder.create(AtFramer.MIN_MAX_LINE_LENGTH);
    for (byte[] chunk : chunks) {
      d.feed(
          chunk,
          0,
          chunk.length,
          line -> {
            assertTrue(line.length() <= AtFramer.MIN_MAX_LINE_LENGTH);
            assertTrue(line.fieldCount() >= 1);
            line.intField(0);
            line.urc();
          });
      assertTrue(d.buffered() <= AtFramer.MIN_MAX_LINE_LENGTH);
    }
  }
}
