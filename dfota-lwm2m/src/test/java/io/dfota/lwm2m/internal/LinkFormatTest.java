package io.dfota.lwm2m.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkFormatTest {

  @Test
  void parsesTheModuleRegistrationPayload() {
    // the BC68 capture of protocol-notes §4.1
    String payload = "</>;rt=\"oma.lwm2m\",</1/0>,</3/0>,</4/0>,</19/0>,</5/0>,</20/0>";
    assertEquals(
        Optional.of(List.of("/1/0", "/3/0", "/4/0", "/19/0", "/5/0", "/20/0")),
        LinkFormat.parseObjectLinks(payload));
  }

  @Test
  void encodeThenParseRoundTrips() {
    List<String> links = List.of("/3/0", "/5/0", "/19/1");
    assertEquals(Optional.of(links), LinkFormat.parseObjectLinks(LinkFormat.encode(links)));
  }

  @Test
  void rejectsMalformedLinks() {
    assertTrue(LinkFormat.parseObjectLinks("/3/0").isEmpty());
    assertTrue(LinkFormat.parseObjectLinks("</3/0").isEmpty());
    assertTrue(LinkFormat.parseObjectLinks("</3/0>x").isEmpty());
    assertTrue(LinkFormat.parseObjectLinks("<a>").isEmpty());
    assertTrue(LinkFormat.parseObjectLinks("<".repeat(5000)).isEmpty());
  }
}
