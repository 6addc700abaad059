package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.core.RrcMode;
import io.dfota.core.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AtSessionTest {

  private final VirtualScheduler scheduler = new VirtualScheduler();
  private final InMemoryAtTransport.Pair pair = InMemoryAtTransport.pair();
  private final FakeModem modem = new FakeModem(pair.module());
  private final List<Urc> urcs = new CopyOnWriteArrayList<>();
  private final AtSession session =
      AtSession.builder().transport(pair.mcu()).scheduler(scheduler).listener(urcs::add).build();

  @Test
  void parsesAnInformationalResponseAndItsOk() {
    modem.expect("AT+CSCON?", "+CSCON:1,0", "OK");
    AtResponse<Cscon.Status> r = session.send(new Cscon.Query()).join();
    assertEquals(new Cscon.Status(1, RrcMode.IDLE), r.okValue().orElseThrow());
    assertEquals(List.of(), urcs);
    modem.assertScriptDone();
  }

  @Test
  void returnsErrorAndCmeErrorAsValues() {
    modem.expect("AT+QLWULDATA=1,01", "ERROR").expect("AT+QLWULDATA=1,02", "+CME ERROR: 529");
    AtResponse<NoContent> e = session.send(new Qlwuldata(HexPayload.of(new byte[] {1}))).join();
    assertInstanceOf(AtResponse.Error.class, e);
    AtResponse<NoContent> c = session.send(new Qlwuldata(HexPayload.of(new byte[] {2}))).join();
    AtResponse.CmeError<?> cme = assertInstanceOf(AtResponse.CmeError.class, c);
    assertTrue(cme.duringFota());
    assertEquals(CmeErrorCode.DURING_FOTA_UPDATING, cme.known().orElseThrow());
  }

  @Test
  void deliversUrcsThatArriveBeforeTheResponseAsUrcs() {
    modem.expect("AT+CSCON?", "+CSCON:1", "+QLWEVTIND:5", "+CSCON:1,1", "OK");
    AtResponse<Cscon.Status> r = session.send(new Cscon.Query()).join();
    assertEquals(new Cscon.Status(1, RrcMode.CONNECTED), r.okValue().orElseThrow());
    assertEquals(List.of(Urc.Cscon.CONNECTED, Urc.LwEvent.of(5)), urcs);
  }

  @Test
  void completesTheInFlightCommandWithModuleRestartedAndIgnoresTheBannerOk() {
    modem
        .expect("AT+CSCON?", "REBOOT_CAUSE_SECURITY_FOTA_UPGRADE", "Neul", "OK")
        .expect("AT+CGSN=1", "+CGSN:867725030008282", "OK");
    CompletableFuture<AtResponse<Cscon.Status>> first = session.send(new Cscon.Query());
    AtResponse<Cscon.Status> r = first.join();
    assertEquals(new AtResponse.ModuleRestarted<>("SECURITY_FOTA_UPGRADE"), r);
    assertEquals(
        List.of(Urc.RebootCause.SECURITY_FOTA_UPGRADE, Urc.Neul.INSTANCE, Urc.BootOk.INSTANCE),
        urcs);
    assertEquals("867725030008282", session.send(new Cgsn()).join().okValue().orElseThrow());
    modem.assertScriptDone();
  }

  @Test
  void holdsQueuedCommandsUntilTheBannerOk() {
    modem.expect("AT+CSCON?", "REBOOT_CAUSE_APPLICATION_AT");
    CompletableFuture<AtResponse<Cscon.Status>> first = session.send(new Cscon.Query());
    CompletableFuture<AtResponse<NoContent>> second = session.send(new At());
    assertInstanceOf(AtResponse.ModuleRestarted.class, first.join());
    assertEquals(List.of("AT+CSCON?"), modem.received());
    modem.expect("AT", "OK");
    modem.emit("Neul", "OK");
    assertTrue(second.join().isOk());
  }

  @Test
  void timesOutOnTheScheduler() {
    modem.expect("AT+CGSN=1");
    CompletableFuture<AtResponse<String>> f = session.send(new Cgsn());
    scheduler.advance(Duration.ofSeconds(4));
    assertFalse(f.isDone());
    scheduler.advance(Duration.ofSeconds(1));
    assertEquals(new AtResponse.Timeout<>(AtCommand.DEFAULT_TIMEOUT), f.join());
  }

  @Test
  void completesWithTransportClosedWhenTheLinkDrops() {
    modem.expect("AT+CGSN=1");
    CompletableFuture<AtResponse<String>> f = session.send(new Cgsn());
    CompletableFuture<AtResponse<NoContent>> queued = session.send(new At());
    pair.mcu().disconnect("cable pulled");
    assertEquals(new AtResponse.TransportClosed<>("cable pulled"), f.join());
    assertEquals(new AtResponse.TransportClosed<>("cable pulled"), queued.join());
  }

  @Test
  void toleratesEchoedCommandLines() {
    modem.echo(true).expect("AT+QLWFOTAIND?", "+QLWFOTAIND:0", "OK");
    assertEquals(
        FotaMode.AUTOMATIC, session.send(new Qlwfotaind.Query()).join().okValue().orElseThrow());
    assertEquals(List.of(), urcs);
  }

  @Test
  void sendsOneCommandAtATime() {
    modem.expect("AT+CGSN=1");
    CompletableFuture<AtResponse<String>> a = session.send(new Cgsn());
    CompletableFuture<AtResponse<NoContent>> b = session.send(new At());
    assertEquals(List.of("AT+CGSN=1"), modem.received());
    modem.expect("AT", "OK");
    modem.emit("+CGSN:867725030008282", "OK");
    assertTrue(a.join().isOk());
    assertTrue(b.join().isOk());
    assertEquals(List.of("AT+CGSN=1", "AT"), modem.received());
  }

  @Test
  void reportsMalformedResponsesAsValues() {
    modem.expect("AT+CGSN=1", "+CGSN:12", "OK");
    assertInstanceOf(AtResponse.Malformed.class, session.send(new Cgsn()).join());
  }

  @Test
  void treatsAnUnsolicitedOkWithoutCommandAsBootOk() {
    modem.emit("OK", "FIRMWARE DOWNLOAD SUCCESS");
    assertEquals(List.of(Urc.BootOk.INSTANCE, Urc.Firmware.DOWNLOAD_SUCCESS), urcs);
  }

  @Test
  void resumesQueuedCommandsWhenTheBannerNeverEndsWithOk() {
    modem.emit("REBOOT_CAUSE_UNIT_WDT");
    CompletableFuture<AtResponse<NoContent>> at = session.send(new At());
    assertEquals(List.of(), modem.received());
    modem.expect("AT", "OK");
    scheduler.advance(Duration.ofSeconds(10));
    assertTrue(at.join().isOk());
  }

  @Test
  void reportsAnOverlongLineAndKeepsWorking() {
    List<AtException> errors = new CopyOnWriteArrayList<>();
    session.addListener(
        new AtSession.Listener() {
          @Override
          public void onUrc(Urc urc) {}

          @Override
          public void onFramingError(AtException error) {
            errors.add(error);
          }
        });
    modem.raw("\r\n" + "9".repeat(AtFramer.DEFAULT_MAX_LINE_LENGTH + 1) + "\r\n");
    modem.emit("+QLWEVTIND:3");
    assertEquals(1, errors.size());
    assertEquals(List.of(Urc.LwEvent.of(3)), urcs);
  }

  @Test
  void refusesCommandsBeyondTheQueueLimit() {
    AtSession small =
        AtSession.builder()
            .transport(InMemoryAtTransport.pair().mcu())
            .scheduler(scheduler)
            .maxQueued(1)
            .build();
    small.send(new At());
    small.send(new At());
    assertInstanceOf(AtResponse.Refused.class, small.send(new At()).join());
  }
}
