package io.dfota.bench.density;

import io.dfota.core.FirmwareState;
import io.dfota.core.FotaFleet;
import io.dfota.core.FotaTarget;
import io.dfota.core.PackageContent;
import io.dfota.core.RadioReport;
import io.dfota.core.UpdateResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A fleet whose devices answer every LwM2M step of protocol-notes §4.2 at once, on the caller's
 * thread (a "null target"): version {@link #OLD}, a cell derived from the IMEI, and an update that
 * notifies DOWNLOADING, DOWNLOADED, UPDATING, IDLE and reads result 1. It measures the campaign
 * engine alone. While {@link #online(boolean) offline}, no device is reachable.
 */
public final class NullFleet implements FotaFleet {
  /** The version every device reports. */
  public static final String OLD = "BC35GJBR01A03";

  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
  private static final CompletableFuture<String> VERSION = CompletableFuture.completedFuture(OLD);
  private static final CompletableFuture<UpdateResult> RESULT =
      CompletableFuture.completedFuture(UpdateResult.SUCCESS);

  private final int cells;
  private final List<FleetListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean online = true;

  /**
   * Creates the fleet.
   *
   * @param cells the number of cells devices are spread over (cell = IMEI modulo cells)
   */
  public NullFleet(int cells) {
    if (cells < 1) {
      throw new IllegalArgumentException("cells: " + cells + " (expected: >= 1)");
    }
    this.cells = cells;
  }

  /**
   * Makes every device reachable or unreachable.
   *
   * @param value true for reachable
   */
  public void online(boolean value) {
    online = value;
  }

  /**
   * Reports a device awake to the listeners (as a registration update would).
   *
   * @param endpoint the IMEI
   */
  public void wake(String endpoint) {
    for (FleetListener l : listeners) {
      l.onAwake(endpoint, AwakeReason.REGISTRATION_UPDATED);
    }
  }

  /**
   * Returns the cell of a device.
   *
   * @param endpoint the IMEI (digits)
   * @return the cell id
   */
  public long cellOf(String endpoint) {
    return Math.floorMod(Long.parseLong(endpoint), (long) cells);
  }

  @Override
  public Optional<FotaTarget> target(String endpoint) {
    return online ? Optional.of(new Target(endpoint, cellOf(endpoint))) : Optional.empty();
  }

  @Override
  public void addListener(FleetListener listener) {
    listeners.add(listener);
  }

  @Override
  public String publish(PackageContent content) {
    return "coap://127.0.0.1:5683/fw/" + content.id();
  }

  @Override
  public void allowDownload(String endpoint, String packageId) {}

  @Override
  public void revokeDownload(String endpoint, String packageId) {}

  /** One device that answers at once. */
  private static final class Target implements FotaTarget {
    private final String endpoint;
    private final long cell;
    private Consumer<FirmwareState> notify = s -> {};

    Target(String endpoint, long cell) {
      this.endpoint = endpoint;
      this.cell = cell;
    }

    @Override
    public String endpoint() {
      return endpoint;
    }

    @Override
    public CompletableFuture<String> readFirmwareVersion() {
      return VERSION;
    }

    @Override
    public CompletableFuture<RadioReport> readRadio() {
      return CompletableFuture.completedFuture(new RadioReport(cell, -90, 10));
    }

    @Override
    public CompletableFuture<FirmwareState> observeState(Consumer<FirmwareState> onNotify) {
      this.notify = onNotify;
      return CompletableFuture.completedFuture(FirmwareState.IDLE);
    }

    @Override
    public CompletableFuture<Void> writePackageUri(String uri) {
      notify.accept(FirmwareState.DOWNLOADING);
      notify.accept(FirmwareState.DOWNLOADED);
      return DONE;
    }

    @Override
    public CompletableFuture<Void> executeUpdate() {
      notify.accept(FirmwareState.UPDATING);
      notify.accept(FirmwareState.IDLE);
      return DONE;
    }

    @Override
    public CompletableFuture<UpdateResult> readUpdateResult() {
      return RESULT;
    }

    @Override
    public CompletableFuture<Void> cancelObservation() {
      return DONE;
    }
  }
}
