package io.dfota.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WireCodesTest {

  @Test
  void firmwareStateCodesAreTheObject5Values() {
    assertEquals(0, FirmwareState.IDLE.code());
    assertEquals(1, FirmwareState.DOWNLOADING.code());
    assertEquals(2, FirmwareState.DOWNLOADED.code());
    assertEquals(3, FirmwareState.UPDATING.code());
    for (FirmwareState s : FirmwareState.values()) {
      assertEquals(s, FirmwareState.fromCode(s.code()));
    }
  }

  @Test
  void unknownFirmwareStateIsRejectedWithTheExpectedRange() {
    DfotaException e = assertThrows(DfotaException.class, () -> FirmwareState.fromCode(4));
    assertEquals("firmware state (/5/0/3): 4 (expected: 0..3)", e.getMessage());
    assertThrows(DfotaException.class, () -> FirmwareState.fromCode(-1));
  }

  @Test
  void updateResultCodesFollowProtocolNotes33() {
    int[] codes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    UpdateResult[] expected = {
      UpdateResult.INITIAL,
      UpdateResult.SUCCESS,
      UpdateResult.NOT_ENOUGH_FLASH,
      UpdateResult.OUT_OF_RAM,
      UpdateResult.CONNECTION_LOST,
      UpdateResult.INTEGRITY_FAILURE,
      UpdateResult.UNSUPPORTED_PACKAGE_TYPE,
      UpdateResult.INVALID_URI,
      UpdateResult.UPDATE_FAILED,
      UpdateResult.UNSUPPORTED_PROTOCOL,
      UpdateResult.CANCELLED,
      UpdateResult.DEFERRED
    };
    for (int i = 0; i < codes.length; i++) {
      assertEquals(expected[i], UpdateResult.fromCode(codes[i]));
      assertEquals(codes[i], expected[i].code());
    }
    assertEquals("Firmware updated successfully", UpdateResult.SUCCESS.description());
    assertThrows(DfotaException.class, () -> UpdateResult.fromCode(12));
  }

  @Test
  void downloadFailureCodesAreTwoToNine() {
    for (UpdateResult r : UpdateResult.values()) {
      assertEquals(r.code() >= 2 && r.code() <= 9, r.isDownloadFailure(), r.toString());
    }
  }

  @Test
  void rrcModeParsesTheCsconModeField() {
    assertEquals(RrcMode.IDLE, RrcMode.fromCode(0));
    assertEquals(RrcMode.CONNECTED, RrcMode.fromCode(1));
    assertThrows(DfotaException.class, () -> RrcMode.fromCode(2));
  }

  @Test
  void duplicateWireCodesAreRefused() {
    DfotaException e =
        assertThrows(
            DfotaException.class, () -> WireCodes.index(FirmwareState.values(), s -> s.code() / 2));
    assertTrue(e.getMessage().contains("expected: unique"), e.getMessage());
  }

  @Test
  void firmwareIndicationLinesAreTheSeedUrcs() {
    assertEquals("FIRMWARE DOWNLOADING", FirmwareIndication.DOWNLOADING.line());
    assertEquals("FIRMWARE DOWNLOAD FAILED", FirmwareIndication.DOWNLOAD_FAILED.line());
    assertEquals("FIRMWARE DOWNLOADED", FirmwareIndication.DOWNLOADED.line());
    assertEquals("FIRMWARE UPDATING", FirmwareIndication.UPDATING.line());
    assertEquals("FIRMWARE UPDATE SUCCESS", FirmwareIndication.UPDATE_SUCCESS.line());
    assertEquals("FIRMWARE UPDATE FAILED", FirmwareIndication.UPDATE_FAILED.line());
    assertEquals("FIRMWARE UPDATE OVER", FirmwareIndication.UPDATE_OVER.line());
  }
}
