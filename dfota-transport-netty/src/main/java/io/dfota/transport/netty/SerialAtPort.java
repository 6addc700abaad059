package io.dfota.transport.netty;

import io.dfota.at.AtTransport;
import io.dfota.transport.netty.internal.SerialTransport;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the serial-port {@link AtTransport}: the MCU side's AT link over a UART (BC35-G / BC28 /
 * BC95 main UART, 9600 baud 8N1 by default), through jSerialComm (Netty's own serial transport is
 * deprecated). A dedicated reader thread per port delivers bytes in order; a writer thread performs
 * writes, bounded by the outbound limit. When the device disappears (a USB adapter unplugged, a
 * pseudo terminal closed) the port is reopened with the {@link ReconnectPolicy}. Closing joins both
 * threads.
 */
public final class SerialAtPort {
  private SerialAtPort() {}

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Parity of each character. */
  public enum Parity {
    /** No parity bit. */
    NONE,
    /** Odd parity. */
    ODD,
    /** Even parity. */
    EVEN,
    /** Parity bit always 1. */
    MARK,
    /** Parity bit always 0. */
    SPACE
  }

  /** Stop bits of each character. */
  public enum StopBits {
    /** One stop bit. */
    ONE,
    /** One and a half stop bits. */
    ONE_POINT_FIVE,
    /** Two stop bits. */
    TWO
  }

  /** Flow control on the line. */
  public enum FlowControl {
    /** None (the modules' default). */
    NONE,
    /** Hardware RTS/CTS. */
    RTS_CTS,
    /** Software XON/XOFF. */
    XON_XOFF
  }

  /**
   * The line settings of a serial port.
   *
   * @param path the device path, for example {@code /dev/ttyUSB0} or {@code COM3}
   * @param baudRate bits per second
   * @param dataBits 5..8
   * @param parity the parity
   * @param stopBits the stop bits
   * @param flowControl the flow control
   */
  public record LineSettings(
      String path,
      int baudRate,
      int dataBits,
      Parity parity,
      StopBits stopBits,
      FlowControl flowControl) {
    /** Validates the settings. */
    public LineSettings {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(parity, "parity");
      Objects.requireNonNull(stopBits, "stopBits");
      Objects.requireNonNull(flowControl, "flowControl");
      if (path.isBlank()) {
        throw new IllegalArgumentException("path: blank (expected: a device path)");
      }
      if (baudRate < 50 || baudRate > 4_000_000) {
        throw new IllegalArgumentException("baudRate: " + baudRate + " (expected: 50..4000000)");
      }
      if (dataBits < 5 || dataBits > 8) {
        throw new IllegalArgumentException("dataBits: " + dataBits + " (expected: 5..8)");
      }
    }
  }

  /** The serial port's settings. */
  public static final class Builder {
    private @Nullable String path;
    private int baudRate = 9600;
    private int dataBits = 8;
    private Parity parity = Parity.NONE;
    private StopBits stopBits = StopBits.ONE;
    private FlowControl flowControl = FlowControl.NONE;
    private @Nullable ReconnectPolicy reopen = ReconnectPolicy.DEFAULT;
    private int maxPendingWriteBytes = 16 * 1024;
    private Duration writeTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets the device path (required).
     *
     * @param path for example {@code /dev/ttyUSB0}
     * @return this
     */
    public Builder path(String path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * Sets the baud rate (default 9600).
     *
     * @param baudRate 50..4000000
     * @return this
     */
    public Builder baudRate(int baudRate) {
      this.baudRate = baudRate;
      return this;
    }

    /**
     * Sets the data bits (default 8).
     *
     * @param dataBits 5..8
     * @return this
     */
    public Builder dataBits(int dataBits) {
      this.dataBits = dataBits;
      return this;
    }

    /**
     * Sets the parity (default none).
     *
     * @param parity the parity
     * @return this
     */
    public Builder parity(Parity parity) {
      this.parity = Objects.requireNonNull(parity, "parity");
      return this;
    }

    /**
     * Sets the stop bits (default one).
     *
     * @param stopBits the stop bits
     * @return this
     */
    public Builder stopBits(StopBits stopBits) {
      this.stopBits = Objects.requireNonNull(stopBits, "stopBits");
      return this;
    }

    /**
     * Sets the flow control (default none).
     *
     * @param flowControl the flow control
     * @return this
     */
    public Builder flowControl(FlowControl flowControl) {
      this.flowControl = Objects.requireNonNull(flowControl, "flowControl");
      return this;
    }

    /**
     * Sets the reopen back-off after the device disappears (default {@link
     * ReconnectPolicy#DEFAULT}).
     *
     * @param policy the policy
     * @return this
     */
    public Builder reopen(ReconnectPolicy policy) {
      this.reopen = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Turns reopening off: once the device disappears, the transport stays down.
     *
     * @return this
     */
    public Builder noReopen() {
      this.reopen = null;
      return this;
    }

    /**
     * Sets the outbound limit: bytes accepted by {@code write} and not yet written to the port
     * (default 16 KiB, about 17 s at 9600 baud).
     *
     * @param bytes 256 .. 16 MiB
     * @return this
     */
    public Builder maxPendingWriteBytes(int bytes) {
      if (bytes < 256 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "maxPendingWriteBytes: " + bytes + " (expected: 256..16777216)");
      }
      this.maxPendingWriteBytes = bytes;
      return this;
    }

    /**
     * Sets how long one write may block (flow control held off) before it fails (default 10 s).
     *
     * @param timeout 1 ms .. 10 min
     * @return this
     */
    public Builder writeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "writeTimeout: " + timeout + " (expected: 1 ms .. 10 min)");
      }
      this.writeTimeout = timeout;
      return this;
    }

    /**
     * Builds the transport; it opens the port on {@code start}.
     *
     * @return the transport
     */
    public AtTransport build() {
      String p = path;
      if (p == null) {
        throw new IllegalStateException("path: not set (expected: a device path)");
      }
      LineSettings settings =
          new LineSettings(p, baudRate, dataBits, parity, stopBits, flowControl);
      return new SerialTransport(settings, reopen, maxPendingWriteBytes, writeTimeout);
    }
  }
}
