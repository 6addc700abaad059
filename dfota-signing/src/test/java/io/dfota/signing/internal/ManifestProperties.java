package io.dfota.signing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.signing.RejectionReason;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ManifestProperties {

  @Property(tries = 500)
  void arbitraryBytesOnlyEverGiveTheParsersOwnRejection(@ForAll byte[] bytes) {
    try {
      Manifest.parse(bytes, 64);
    } catch (Rejection r) {
      assertEquals(RejectionReason.MANIFEST_INVALID, r.reason());
    }
  }

  @Property(tries = 300)
  void arbitraryTextOnlyEverGivesTheParsersOwnRejection(@ForAll String text) {
    try {
      Manifest.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), 64);
    } catch (Rejection r) {
      assertEquals(RejectionReason.MANIFEST_INVALID, r.reason());
    }
  }
}
