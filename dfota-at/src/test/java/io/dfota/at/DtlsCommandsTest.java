package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code AT+QSECSWT} and {@code AT+QSETPSK} (protocol-notes §2.3 "Other"), both sides. */
class DtlsCommandsTest {
  private static final String KEY = "00112233445566778899AABBCCDDEEFF";

  private static AtCommand<?> known(String line) {
    return assertInstanceOf(ModuleCodec.Known.class, ModuleCodec.parseCommand(line)).command();
  }

  @Test
  void encodesAndParsesTheSecuritySwitch() {
    assertEquals("AT+QSECSWT=1", new Qsecswt.Set(1).line());
    assertEquals("AT+QSECSWT=1,100", new Qsecswt.Set(new Qsecswt.Setting(1, 100)).line());
    assertEquals(new Qsecswt.Set(1), known("AT+QSECSWT=1"));
    assertEquals(new Qsecswt.Set(new Qsecswt.Setting(1, 0)), known("at+qsecswt= 1 , 0"));
    assertEquals(new Qsecswt.Set(0), known("AT+QSECSWT=0"));
    assertEquals(new Qsecswt.Query(), known("AT+QSECSWT?"));
    assertTrue(new Qsecswt.Setting(1, null).dtls());
    assertFalse(new Qsecswt.Setting(0, null).dtls());
  }

  @Test
  void securitySwitchResponsesParseBack() {
    Qsecswt.Query q = new Qsecswt.Query();
    assertEquals(List.of("+QSECSWT:1,0"), q.formatResponse(new Qsecswt.Setting(1, 0)));
    assertEquals(new Qsecswt.Setting(0, null), q.parseResponse(List.of("+QSECSWT:0")));
    assertEquals(new Qsecswt.Setting(1, 1), q.parseResponse(List.of("+QSECSWT: 1,1")));
    assertTrue(q.isResponseLine("+QSECSWT:1,0"));
    assertFalse(q.isResponseLine("+QSETPSK:0,***"));
    assertThrows(AtException.class, () -> q.parseResponse(List.of("+QSECSWT:2")));
  }

  @Test
  void refusesSecuritySwitchValuesOutOfRange() {
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QSECSWT=2"));
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QSECSWT=1,256"));
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QSECSWT=1,0,0"));
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QSECSWT=x"));
    assertThrows(AtException.class, () -> new Qsecswt.Set(-1));
  }

  @Test
  void encodesAndParsesThePsk() {
    Qsetpsk.Set s = new Qsetpsk.Set("867725030008282", KEY.toLowerCase());
    assertEquals("AT+QSETPSK=867725030008282," + KEY, s.line());
    assertEquals(s, known("AT+QSETPSK=867725030008282," + KEY));
    assertEquals(s, known("AT+QSETPSK = 867725030008282 , " + KEY.toLowerCase()));
    assertArrayEquals(java.util.HexFormat.of().parseHex(KEY), s.key());
    assertTrue(new Qsetpsk.Set("0", "E6F4C799").identityIsImei());
    assertEquals(new Qsetpsk.Set("86775942", "E6F4C799"), known("AT+QSETPSK=86775942,E6F4C799"));
    assertEquals(new Qsetpsk.Query(), known("AT+QSETPSK?"));
  }

  @Test
  void pskQueryAnswersTheIdentityAndNeverTheKey() {
    Qsetpsk.Query q = new Qsetpsk.Query();
    assertEquals(List.of("+QSETPSK:867725030008282,***"), q.formatResponse("867725030008282"));
    assertEquals("867725030008282", q.parseResponse(List.of("+QSETPSK:867725030008282,***")));
    assertTrue(q.isResponseLine("+QSETPSK:0,***"));
  }

  @Test
  void refusesBadIdentitiesAndKeysWithoutEchoingTheKey() {
    for (String line :
        List.of(
            "AT+QSETPSK=0,00112",
            "AT+QSETPSK=0,001122",
            "AT+QSETPSK=0,0011223344556677889900112233445566778899001122334455667788990011AA",
            "AT+QSETPSK=0,00112233445566GG",
            "AT+QSETPSK=0",
            "AT+QSETPSK=,00112233",
            "AT+QSETPSK=a\"b,00112233")) {
      ModuleCodec.Parsed p = ModuleCodec.parseCommand(line);
      ModuleCodec.Invalid inv = assertInstanceOf(ModuleCodec.Invalid.class, p, line);
      assertFalse(inv.reason().contains("0011"), inv.reason());
    }
  }

  @Test
  void keyStaysOutOfTextForms() {
    Qsetpsk.Set s = new Qsetpsk.Set("0", KEY);
    assertFalse(s.toString().contains("0011"), s.toString());
    assertEquals("AT+QSETPSK=0,***", Qsetpsk.redact(s.line()));
    assertEquals(
        "\r\nAT+QSETPSK = 0,***\r\n", Qsetpsk.redact("\r\nAT+QSETPSK = 0," + KEY + "\r\n"));
    assertEquals("AT+QSECSWT=1", Qsetpsk.redact("AT+QSECSWT=1"));
    assertEquals("+QSETPSK:0,***", Qsetpsk.redact("+QSETPSK:0,***"));
  }
}
