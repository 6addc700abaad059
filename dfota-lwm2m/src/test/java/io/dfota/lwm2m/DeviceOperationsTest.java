package io.dfota.lwm2m;

import static io.dfota.lwm2m.Loopback.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.FotaOperationException;
import io.dfota.lwm2m.internal.Tlv;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Read, write, execute in each content format, and the error codes of refused operations. */
class DeviceOperationsTest {
  private static final String EP = "ep-ops";
  private static Lwm2mServer server;
  private static Lwm2mClient client;

  @BeforeAll
  static void start() {
    server = Loopback.server().build();
    server.start();
    client =
        Loopback.client(server, EP)
            .manufacturer("Quectel")
            .model("BC28")
            .serial("SN-1")
            .firmwareVersion("V1")
            .build();
    await(client.start());
  }

  @AfterAll
  static void stop() {
    client.stop();
    server.stop();
  }

  private static FotaOperationException failure(CompletableFuture<?> f) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
    return assertInstanceOf(FotaOperationException.class, e.getCause());
  }

  @Test
  void readsDeviceResourcesAsTextAndTlv() {
    assertEquals("Quectel", await(server.read(EP, "/3/0/0", ContentFormat.TEXT)).asText().get());
    assertEquals("BC28", await(server.read(EP, "/3/0/1", null)).asText().get());
    Lwm2mContent tlv = await(server.read(EP, "/3/0/2", ContentFormat.TLV));
    assertEquals(ContentFormat.TLV, tlv.format());
    assertEquals("SN-1", tlv.asText().get());
    assertEquals(0L, await(server.read(EP, "/5/0/9", ContentFormat.TLV)).asLong().getAsLong());
  }

  @Test
  void readsAnObjectInstanceAsTlv() {
    Lwm2mContent c = await(server.read(EP, "/3/0", null));
    assertEquals(ContentFormat.TLV, c.format());
    Tlv.Decoded.Ok ok = assertInstanceOf(Tlv.Decoded.Ok.class, Tlv.decode(c.bytes()));
    List<Integer> ids = ok.entries().stream().map(Tlv.Entry::id).sorted().toList();
    assertEquals(List.of(0, 1, 2, 3, 11, 16), ids);
  }

  @Test
  void readsTheProtocolSupportMultipleResourceAsTlv() {
    Lwm2mContent c = await(server.read(EP, "/5/0/8", null));
    Tlv.Decoded.Ok ok = assertInstanceOf(Tlv.Decoded.Ok.class, Tlv.decode(c.bytes()));
    assertEquals(Tlv.Kind.MULTIPLE_RESOURCE, ok.entries().get(0).kind());
    assertEquals(1, ok.entries().get(0).children().size());
  }

  @Test
  void textOfAMultipleResourceIsNotAcceptable() {
    FotaOperationException f = failure(server.read(EP, "/5/0/8", ContentFormat.TEXT));
    assertEquals(FotaOperationException.Failure.REJECTED, f.failure());
    assertTrue(f.getMessage().contains("4.06"), f.getMessage());
  }

  @Test
  void writingAReadOnlyResourceIsMethodNotAllowed() {
    FotaOperationException f = failure(server.write(EP, "/3/0/3", Lwm2mContent.text("x")));
    assertTrue(f.getMessage().contains("4.05"), f.getMessage());
  }

  @Test
  void unknownResourceIsNotFound() {
    FotaOperationException f = failure(server.read(EP, "/5/0/4", null));
    assertTrue(f.getMessage().contains("4.04"), f.getMessage());
  }

  @Test
  void packageUriWrittenAsTlvIsAcceptedAndAnEmptyUriResets() {
    Loopback.Events events = new Loopback.Events();
    client.addListener(events);
    await(
        server.write(
            EP, "/5/0/1", Lwm2mContent.of(ContentFormat.TLV, Tlv.resource(1, "ftp://x/y"))));
    // an unsupported scheme fails the download with result 9 (T3)
    events.awaitEvent("T3:IDLE");
    assertEquals(9, client.firmwareStatus().result().code());
    assertEquals(9L, await(server.read(EP, "/5/0/5", ContentFormat.TEXT)).asLong().getAsLong());
    await(server.write(EP, "/5/0/1", Lwm2mContent.text("")));
    events.awaitEvent("T8:IDLE");
    assertEquals(0, client.firmwareStatus().result().code());
  }

  @Test
  void malformedTlvWriteIsBadRequest() {
    FotaOperationException f =
        failure(server.write(EP, "/5/0/1", Lwm2mContent.of(ContentFormat.TLV, new byte[] {-1})));
    assertTrue(f.getMessage().contains("4.00"), f.getMessage());
  }

  @Test
  void operationsOnAnUnregisteredDeviceFailAsUnreachable() {
    assertEquals(
        FotaOperationException.Failure.UNREACHABLE,
        failure(server.read("nobody", "/3/0/3", null)).failure());
  }
}
