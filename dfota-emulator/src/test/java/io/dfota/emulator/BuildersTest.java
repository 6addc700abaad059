package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FirmwareState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builders check what they are given and name what is missing. */
class BuildersTest {
  private static final InetSocketAddress SERVER =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 5683);

  @Test
  void moduleBuilderNamesTheMissingField() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> EmulatedModule.builder().server(SERVER).build());
    assertEquals("imei is required", e.getMessage());
    e =
        assertThrows(
            IllegalStateException.class,
            () -> EmulatedModule.builder().imei(Imei.of(Imei.SEED_TAC, 1)).build());
    assertEquals("server is required", e.getMessage());
    assertThrows(IllegalStateException.class, () -> Fleet.builder().build());
  }

  @Test
  void moduleBuilderRefusesBadKnobs() {
    EmulatedModule.Builder b = EmulatedModule.builder();
    assertThrows(EmulatorException.class, () -> b.blockSize(100));
    assertThrows(EmulatorException.class, () -> b.coapTiming(Duration.ofSeconds(1), 11));
    assertThrows(EmulatorException.class, () -> b.rebootTime(Duration.ofSeconds(-1)));
    assertThrows(EmulatorException.class, () -> b.lifetime(Duration.ZERO));
    assertThrows(EmulatorException.class, () -> b.revision(""));
    assertThrows(EmulatorException.class, () -> b.fotaMode(io.dfota.at.FotaMode.ACCEPT_UPDATE));
    assertThrows(EmulatorException.class, () -> Fleet.builder().count(0));
    assertThrows(
        EmulatorException.class,
        () -> Fleet.builder().imeiBase(Imei.SEED_TAC, 999_999).count(2).server(SERVER).build());
  }

  @Test
  void faultPlanChecksItsKnobs() {
    assertThrows(
        EmulatorException.class, () -> FaultPlan.builder().failDownloadAtBlock(-1).build());
    assertThrows(
        EmulatorException.class,
        () -> FaultPlan.builder().powerLossAt(FirmwareState.IDLE, Duration.ofSeconds(1)).build());
    assertFalse(FaultPlan.NONE.hasFotaFault());
    assertFalse(FaultPlan.builder().radio(1, -120, -3).build().hasFotaFault());
    FaultPlan p = FaultPlan.builder().suppressOver().build();
    assertTrue(p.hasFotaFault());
    assertEquals(p, p.toBuilder().build());
  }
}
