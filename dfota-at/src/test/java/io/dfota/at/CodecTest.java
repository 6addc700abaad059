package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareIndication;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecTest {

  @Test
  void mapsTheDownloadSuccessVariantToDownloaded() {
    Urc.Firmware f = assertInstanceOf(Urc.Firmware.class, Urc.parse("FIRMWARE DOWNLOAD SUCCESS"));
    assertEquals(FirmwareIndication.DOWNLOADED, f.indication());
    assertSame(Urc.Firmware.DOWNLOAD_SUCCESS, f);
  }

  @Test
  void acceptsWhitespaceAfterTheColon() {
    assertSame(Urc.LwEvent.of(3), Urc.parse("+QLWEVTIND: 3"));
    assertSame(Urc.Cscon.IDLE, Urc.parse("+CSCON: 0"));
    assertEquals(new Urc.Nsmi("SENT", 4), Urc.parse("+NSMI: SENT, 4"));
    assertEquals(
        List.of(), new Cscon.Query().isResponseLine("+CSCON: 1,0") ? List.of() : List.of(1));
    assertEquals(
        "MO_DATA_ENABLED", new Nmstatus().parseResponse(List.of("+NMSTATUS: MO_DATA_ENABLED")));
  }

  @Test
  void keepsUnknownAndMalformedLinesRaw() {
    assertEquals(new Urc.Unknown("+QLWEVTIND:x"), Urc.parse("+QLWEVTIND:x"));
    assertEquals(new Urc.Unknown("+NNMI:3,0102"), Urc.parse("+NNMI:3,0102"));
    assertEquals(new Urc.Unknown("HELLO"), Urc.parse("HELLO"));
    assertEquals(new Urc.Unknown("REBOOT_CAUSE_"), Urc.parse("REBOOT_CAUSE_"));
    assertEquals(new Urc.RebootCause("UNIT_WDT_1"), Urc.parse("REBOOT_CAUSE_UNIT_WDT_1"));
  }

  @Test
  void namesQlwevtindTypesAndKeepsOthers() {
    assertEquals(LwEventType.FOTA_OBSERVED, Urc.LwEvent.of(5).type().orElseThrow());
    assertTrue(Urc.LwEvent.of(255).type().isEmpty());
    assertEquals(new Urc.LwEvent(255), Urc.parse("+QLWEVTIND:255"));
  }

  @Test
  void validatesHexPayloads() {
    assertThrows(AtException.class, () -> HexPayload.fromHex("123"));
    assertThrows(AtException.class, () -> HexPayload.fromHex("12G4"));
    assertThrows(AtException.class, () -> HexPayload.fromHex(""));
    assertThrows(AtException.class, () -> HexPayload.fromHex(2, "313233"));
    assertThrows(AtException.class, () -> HexPayload.of(new byte[HexPayload.MAX_LENGTH + 1]));
    assertEquals("313233", HexPayload.fromHex(3, "313233").hex());
  }

  @Test
  void parsesTheSeedTriggerCommandOnTheModuleSide() {
    assertEquals(
        new ModuleCodec.Known(new Qlwuldata(HexPayload.fromHex("313233"))),
        ModuleCodec.parseCommand("AT+QLWULDATA=3,313233"));
  }

  @Test
  void reportsInvalidParametersAndUnsupportedCommands() {
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QLWULDATA=2,313233"));
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QLWULDATA=2,31G"));
    assertInstanceOf(ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QLWFOTAIND=6"));
    assertInstanceOf(
        ModuleCodec.Invalid.class, ModuleCodec.parseCommand("AT+QLWULDATAEX=1,01,0x0002"));
    assertInstanceOf(ModuleCodec.Unsupported.class, ModuleCodec.parseCommand("AT+FOO?"));
    assertInstanceOf(ModuleCodec.Unsupported.class, ModuleCodec.parseCommand("hello"));
  }

  @Test
  void formatsResponsesWithTheModuleFraming() {
    assertEquals(
        "\r\n+QLWFOTAIND:0\r\n\r\nOK\r\n",
        ModuleCodec.formatOk(new Qlwfotaind.Query(), FotaMode.AUTOMATIC));
    assertEquals("\r\n+CME ERROR:529\r\n", ModuleCodec.formatCmeError(529));
    assertEquals(
        "\r\nREBOOT_CAUSE_SECURITY_FOTA_UPGRADE\r\n\r\nNeul\r\n\r\nOK\r\n",
        ModuleCodec.formatBanner(Urc.RebootCause.SECURITY_FOTA_UPGRADE));
  }

  @Test
  void formatsQlwuldataexModesAsHex() {
    assertEquals(
        "AT+QLWULDATAEX=1,AB,0x0101",
        new QlwuldataEx(HexPayload.fromHex("ab"), UplinkMode.CON_RELEASE_AFTER_ACK, null).line());
    assertTrue(UplinkMode.NON.isFotaFriendly());
    assertEquals(UplinkMode.NON_RELEASE_AFTER_REPLY, UplinkMode.parse("0x0010").orElseThrow());
  }

  @Test
  void knowsEveryCmeCodeOfTheTable() {
    assertEquals(33, CmeErrorCode.values().length);
    assertEquals(CmeErrorCode.DURING_FOTA_UPDATING, CmeErrorCode.find(529).orElseThrow());
    assertTrue(CmeErrorCode.find(519).isEmpty());
  }
}
