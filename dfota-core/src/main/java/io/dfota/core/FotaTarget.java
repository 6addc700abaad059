package io.dfota.core;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One device's FOTA operations as the platform sees them: the LwM2M steps of protocol-notes §4.2,
 * with no transport in sight. dfota-lwm2m implements it over CoAP; the campaign engine in
 * dfota-platform drives any implementation and owns the per-stage timeouts, so implementations need
 * not time out on their own (they may, with {@link FotaOperationException.Failure#TIMEOUT}).
 *
 * <p>Every method is asynchronous. A future that fails carries a {@link FotaOperationException}
 * whose {@link FotaOperationException#failure() failure} says what went wrong (the device is not
 * reachable, it answered with an error code, the operation timed out).
 */
public interface FotaTarget {

  /**
   * Returns the device's LwM2M endpoint name (the IMEI for Quectel modules).
   *
   * @return the endpoint
   */
  String endpoint();

  /**
   * Reads Device / Firmware Version {@code /3/0/3} (step 2).
   *
   * @return the version string, for example {@code BC35GJBR01A03}
   */
  CompletableFuture<String> readFirmwareVersion();

  /**
   * Reads the radio coverage: cell id {@code /4/0/8}, signal strength {@code /4/0/2} and link
   * quality {@code /4/0/3} used as SINR (step 3). Values the device does not expose are null in the
   * report; the future fails only when nothing at all can be read.
   *
   * @return the report
   */
  CompletableFuture<RadioReport> readRadio();

  /**
   * Reads and observes Firmware Update / State {@code /5/0/3} (step 4). The observation survives
   * the module's reboot and re-registration until {@link #cancelObservation()}.
   *
   * @param onNotify receives every notified state, in order, on a transport thread
   * @return the state read when the observation was established
   */
  CompletableFuture<FirmwareState> observeState(Consumer<FirmwareState> onNotify);

  /**
   * Writes Package URI {@code /5/0/1} (step 5); the device then pulls the package with Block2 GETs.
   *
   * @param uri the URI, at most 255 characters
   * @return completes when the device acknowledged the write
   */
  CompletableFuture<Void> writePackageUri(String uri);

  /**
   * Executes Update {@code /5/0/2} (step 7).
   *
   * @return completes when the device acknowledged the execute
   */
  CompletableFuture<Void> executeUpdate();

  /**
   * Reads Update Result {@code /5/0/5} (step 9).
   *
   * @return the result
   */
  CompletableFuture<UpdateResult> readUpdateResult();

  /**
   * Cancels the {@code /5/0/3} observation (step 9); the module then prints {@code FIRMWARE UPDATE
   * OVER}.
   *
   * @return completes when the cancellation was sent
   */
  CompletableFuture<Void> cancelObservation();
}
