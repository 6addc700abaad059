package io.dfota.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImeiTest {

  @Test
  void acceptsTheSeedsDeviceName() {
    assertEquals("867725030008282", new Imei("867725030008282").value());
  }

  @Test
  void makesLuhnValidImeisFromTacAndSerial() {
    assertEquals(new Imei("867725030008282"), Imei.of(Imei.SEED_TAC, 828));
    for (int s = 0; s < 1000; s += 37) {
      Imei.of(Imei.SEED_TAC, s); // the constructor re-checks the Luhn digit
    }
  }

  @Test
  void rejectsWrongCheckDigitAndWrongShape() {
    EmulatorException e = assertThrows(EmulatorException.class, () -> new Imei("867725030008283"));
    assertEquals("imei: 867725030008283 has check digit 3 (expected: 2)", e.getMessage());
    assertThrows(EmulatorException.class, () -> new Imei("86772503000828"));
    assertThrows(EmulatorException.class, () -> Imei.of("1234", 1));
    assertThrows(EmulatorException.class, () -> Imei.of(Imei.SEED_TAC, 1_000_000));
  }
}
