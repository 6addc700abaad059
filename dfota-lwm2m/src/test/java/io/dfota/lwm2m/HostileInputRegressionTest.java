package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Regression examples for what {@link HostileCoapProperties} found (issue #10). */
class HostileInputRegressionTest {
  private Lwm2mServer server;
  private RawPeer peer;

  @BeforeEach
  void start() throws Exception {
    server = Loopback.server().build();
    server.start();
    peer = new RawPeer(server.localAddress());
  }

  @AfterEach
  void stop() {
    peer.close();
    server.stop();
  }

  private ResponseCode register(String... query) {
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd");
    for (String q : query) {
      req.getOptions().addUriQuery(q);
    }
    req.getOptions().setContentFormat(40);
    req.setPayload("</3/0>");
    return peer.send(req).getCode();
  }

  @Test
  void textPlainNumbersWithNonAsciiDigitsAreNotNumbers() {
    // Long.parseLong("\u0661\u0662") is 12: a device must not report a state in Arabic-Indic digits
    assertTrue(Lwm2mContent.text("\u0661\u0662").asLong().isEmpty());
    assertTrue(
        Lwm2mContent.of(ContentFormat.TEXT, "\uff13".getBytes(StandardCharsets.UTF_8))
            .asLong()
            .isEmpty());
    assertEquals(3L, Lwm2mContent.text(" 3\r\n").asLong().getAsLong());
  }

  @Test
  void aLifetimeInNonAsciiDigitsIsBadRequest() {
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=ep-lt", "lt=\u0663\u0660"));
    assertTrue(server.registry().get("ep-lt").isEmpty());
  }

  @Test
  void aParameterGivenTwiceIsBadRequest() {
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=ep-a", "ep=ep-b"));
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=ep-a", "lt=60", "lt=70"));
    assertTrue(server.registry().all().isEmpty());
  }

  @Test
  void anEndpointNameWithControlCharactersOrSpacesIsBadRequest() {
    // a newline in the name would forge a line in the platform's log
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=a\nINFO registered other"));
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=a b"));
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=\u00e9t\u00e9"));
    assertTrue(server.registry().all().isEmpty());
  }

  @Test
  void anUnknownBindingOrVersionIsBadRequest() {
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=ep-b", "b=X"));
    assertEquals(ResponseCode.BAD_REQUEST, register("ep=ep-b", "lwm2m=abc"));
    assertEquals(ResponseCode.CREATED, register("ep=ep-b", "b=UQ", "lwm2m=1.1", "sms=+8612"));
  }
}
