package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class DtlsCommandsProperties {

  @Property(tries = 300)
  void pskCommandParsesBackFromItsLineAndItsLogFormHidesTheKey(
      @ForAll
          @StringLength(min = 1, max = 64)
          @AlphaChars
          @NumericChars
          @Chars({'-', '_', '.', ':'})
          String identity,
      @ForAll @Size(min = 4, max = 32) byte[] key) {
    Qsetpsk.Set s = new Qsetpsk.Set(identity, HexFormat.of().formatHex(key));
    assertEquals(new ModuleCodec.Known(s), ModuleCodec.parseCommand(s.line()));
    String hex = HexFormat.of().withUpperCase().formatHex(key);
    assertFalse(Qsetpsk.redact(s.line()).contains(hex));
    assertFalse(s.toString().contains(hex));
  }

  @Property(tries = 100)
  void securitySwitchParsesBackFromItsLine(
      @ForAll @IntRange(min = 0, max = 1) int mode,
      @ForAll @IntRange(min = -1, max = Qsecswt.MAX_NAT) int nat) {
    Qsecswt.Set s = new Qsecswt.Set(new Qsecswt.Setting(mode, nat < 0 ? null : nat));
    assertEquals(new ModuleCodec.Known(s), ModuleCodec.parseCommand(s.line()));
    Qsecswt.Query q = new Qsecswt.Query();
    assertEquals(s.setting(), q.parseResponse(q.formatResponse(s.setting())));
  }

  @Property(tries = 500)
  void arbitraryParametersYieldAValueOrTheCodecsOwnVerdict(
      @ForAll @StringLength(max = 200) String params) {
    // never throws: a Known, Invalid or Unsupported result
    ModuleCodec.parseCommand("AT+QSETPSK=" + params);
    ModuleCodec.parseCommand("AT+QSECSWT=" + params);
  }
}
