package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.core.FirmwareEvent;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.FirmwareUpdateMachine;
import io.dfota.core.Transition;
import io.dfota.core.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FirmwareIndicationsTest {

  private static List<FirmwareIndication> urcs(FirmwareEvent... events) {
    List<FirmwareIndication> out = new ArrayList<>();
    FirmwareUpdateMachine m =
        FirmwareUpdateMachine.builder()
            .listener(t -> FirmwareIndications.forTransition(t).ifPresent(out::add))
            .build();
    for (FirmwareEvent e : events) {
      m.apply(e);
    }
    return out;
  }

  @Test
  void successfulFlowPrintsTheSeedsUrcsInOrder() {
    assertEquals(
        List.of(
            FirmwareIndication.DOWNLOADING,
            FirmwareIndication.DOWNLOADED,
            FirmwareIndication.UPDATING,
            FirmwareIndication.UPDATE_SUCCESS),
        urcs(
            new FirmwareEvent.PackageUriWritten("coap://h/p"),
            new FirmwareEvent.DownloadCompleted(),
            new FirmwareEvent.UpdateExecuted(),
            new FirmwareEvent.UpdateSucceeded()));
  }

  @Test
  void failuresPrintDownloadFailedAndUpdateFailed() {
    assertEquals(
        List.of(FirmwareIndication.DOWNLOADING, FirmwareIndication.DOWNLOAD_FAILED),
        urcs(
            new FirmwareEvent.PackageUriWritten("coap://h/p"),
            new FirmwareEvent.DownloadFailed(UpdateResult.INTEGRITY_FAILURE)));
    assertEquals(
        FirmwareIndication.UPDATE_FAILED,
        urcs(
                new FirmwareEvent.PackageUriWritten("coap://h/p"),
                new FirmwareEvent.DownloadCompleted(),
                new FirmwareEvent.UpdateExecuted(),
                new FirmwareEvent.UpdateFailed(UpdateResult.UPDATE_FAILED, true))
            .get(3));
  }

  @Test
  void rebootsAndResetsPrintNothing() {
    FirmwareUpdateMachine m = FirmwareUpdateMachine.builder().build();
    Transition.Accepted t = (Transition.Accepted) m.apply(new FirmwareEvent.Rebooted(false));
    assertEquals(Optional.empty(), FirmwareIndications.forTransition(t));
  }
}
