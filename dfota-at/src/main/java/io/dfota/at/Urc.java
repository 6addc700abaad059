package io.dfota.at;

import io.dfota.at.internal.UrcRegistry;
import io.dfota.core.FirmwareIndication;
import io.dfota.core.RrcMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An unsolicited result code from the module: a line that is not part of a command's response
 * (protocol-notes §2.1, §2.3–§2.5). One record per URC; the fixed ones (firmware URCs, {@code
 * +QLWEVTIND:0..9}, {@code +CSCON:0/1}, {@code Neul}, the boot {@code OK}) are shared constants, so
 * decoding them allocates nothing.
 *
 * <p>{@link #line()} formats the URC exactly as the module prints it (no CR LF); {@link
 * #parse(String)} and {@link #decode(byte[], int, int)} are its inverse. Lines no parser knows
 * become {@link Unknown}, keeping the raw line.
 */
public sealed interface Urc
    permits Urc.Firmware,
        Urc.LwEvent,
        Urc.RebootCause,
        Urc.Neul,
        Urc.BootOk,
        Urc.Verified,
        Urc.Cscon,
        Urc.Cereg,
        Urc.Nnmi,
        Urc.Nsmi,
        Urc.UplinkStatus,
        Urc.Unknown {

  /**
   * Returns the line as the module prints it, without line end.
   *
   * @return the line
   */
  String line();

  /**
   * Parses one line (no line end).
   *
   * @param line the line
   * @return the URC; {@link Unknown} if no parser matches or the line is malformed
   */
  static Urc parse(String line) {
    return UrcRegistry.parse(line);
  }

  /**
   * Decodes one line from a byte buffer; fixed URCs are matched on the bytes and returned as
   * constants without allocation.
   *
   * @param buffer the bytes
   * @param offset the line's start
   * @param length the line's length
   * @return the URC
   */
  static Urc decode(byte[] buffer, int offset, int length) {
    return UrcRegistry.decode(buffer, offset, length);
  }

  /**
   * A firmware URC (protocol-notes §2.4, P15), for example {@code FIRMWARE DOWNLOADING}. {@code
   * FIRMWARE DOWNLOAD SUCCESS} is the variant of {@code FIRMWARE DOWNLOADED} printed by other
   * firmware; it maps to {@link FirmwareIndication#DOWNLOADED}.
   *
   * @param indication the core indication the guard consumes
   * @param line the exact line
   */
  record Firmware(FirmwareIndication indication, String line) implements Urc {
    /** {@code FIRMWARE DOWNLOADING}. */
    public static final Firmware DOWNLOADING = of(FirmwareIndication.DOWNLOADING);

    /** {@code FIRMWARE DOWNLOAD FAILED}. */
    public static final Firmware DOWNLOAD_FAILED = of(FirmwareIndication.DOWNLOAD_FAILED);

    /** {@code FIRMWARE DOWNLOADED}. */
    public static final Firmware DOWNLOADED = of(FirmwareIndication.DOWNLOADED);

    /** {@code FIRMWARE DOWNLOAD SUCCESS}, the variant of DOWNLOADED. */
    public static final Firmware DOWNLOAD_SUCCESS =
        new Firmware(FirmwareIndication.DOWNLOADED, "FIRMWARE DOWNLOAD SUCCESS");

    /** {@code FIRMWARE UPDATING}. */
    public static final Firmware UPDATING = of(FirmwareIndication.UPDATING);

    /** {@code FIRMWARE UPDATE SUCCESS}. */
    public static final Firmware UPDATE_SUCCESS = of(FirmwareIndication.UPDATE_SUCCESS);

    /** {@code FIRMWARE UPDATE FAILED}. */
    public static final Firmware UPDATE_FAILED = of(FirmwareIndication.UPDATE_FAILED);

    /** {@code FIRMWARE UPDATE OVER}. */
    public static final Firmware UPDATE_OVER = of(FirmwareIndication.UPDATE_OVER);

    /** All eight lines, the variant included. */
    public static final List<Firmware> ALL =
        List.of(
            DOWNLOADING,
            DOWNLOAD_FAILED,
            DOWNLOADED,
            DOWNLOAD_SUCCESS,
            UPDATING,
            UPDATE_SUCCESS,
            UPDATE_FAILED,
            UPDATE_OVER);

    /** Validates the URC. */
    public Firmware {
      Objects.requireNonNull(indication, "indication");
      Objects.requireNonNull(line, "line");
    }

    private static Firmware of(FirmwareIndication i) {
      return new Firmware(i, i.line());
    }

    /**
     * Returns the shared constant for a core indication (the standard line).
     *
     * @param indication the indication
     * @return the constant
     */
    public static Firmware forIndication(FirmwareIndication indication) {
      return switch (indication) {
        case DOWNLOADING -> DOWNLOADING;
        case DOWNLOAD_FAILED -> DOWNLOAD_FAILED;
        case DOWNLOADED -> DOWNLOADED;
        case UPDATING -> UPDATING;
        case UPDATE_SUCCESS -> UPDATE_SUCCESS;
        case UPDATE_FAILED -> UPDATE_FAILED;
        case UPDATE_OVER -> UPDATE_OVER;
      };
    }
  }

  /**
   * {@code +QLWEVTIND:<type>}, the LwM2M event indication (protocol-notes §2.3). Types 0–9 are
   * shared instances ({@link #of(int)}); other values are kept.
   *
   * @param code the {@code <type>} value
   */
  record LwEvent(int code) implements Urc {
    private static final LwEvent[] SHARED = {
      new LwEvent(0),
      new LwEvent(1),
      new LwEvent(2),
      new LwEvent(3),
      new LwEvent(4),
      new LwEvent(5),
      new LwEvent(6),
      new LwEvent(7),
      new LwEvent(8),
      new LwEvent(9)
    };

    /** Validates the URC. */
    public LwEvent {
      if (code < 0 || code > 65535) {
        throw new AtException("+QLWEVTIND type: " + code + " (expected: 0..65535)");
      }
    }

    /**
     * Returns the URC for a type; 0–9 are shared instances.
     *
     * @param code the type
     * @return the URC
     */
    public static LwEvent of(int code) {
      return code >= 0 && code < SHARED.length ? SHARED[code] : new LwEvent(code);
    }

    /**
     * Returns the named type.
     *
     * @return the type, or empty for values outside 0–9
     */
    public Optional<LwEventType> type() {
      return LwEventType.find(code);
    }

    /**
     * Returns whether this is the given type.
     *
     * @param type the type
     * @return true if the code matches
     */
    public boolean is(LwEventType type) {
      return code == type.code();
    }

    @Override
    public String line() {
      return "+QLWEVTIND:" + code;
    }
  }

  /**
   * {@code REBOOT_CAUSE_<X>}, the first line of the boot banner (protocol-notes §2.5, P1): the
   * module restarted.
   *
   * @param cause the {@code <X>} part, {@code [A-Z0-9_]+}, for example {@code
   *     SECURITY_FOTA_UPGRADE}
   */
  record RebootCause(String cause) implements Urc {
    /** The cause printed when FOTA reboots the module. */
    public static final RebootCause SECURITY_FOTA_UPGRADE =
        new RebootCause("SECURITY_FOTA_UPGRADE");

    /** The cause printed after {@code AT+NRB}. */
    public static final RebootCause APPLICATION_AT = new RebootCause("APPLICATION_AT");

    /** The cause printed after a reset pin or power cycle. */
    public static final RebootCause SECURITY_RESET_PIN = new RebootCause("SECURITY_RESET_PIN");

    /** The line prefix. */
    public static final String PREFIX = "REBOOT_CAUSE_";

    /** Validates the cause. */
    public RebootCause {
      if (cause.isEmpty() || cause.length() > 64 || !cause.chars().allMatch(RebootCause::legal)) {
        throw new AtException("reboot cause: '" + cause + "' (expected: [A-Z0-9_]{1,64})");
      }
    }

    private static boolean legal(int c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    @Override
    public String line() {
      return PREFIX + cause;
    }
  }

  /** {@code Neul}, the boot banner's second line (protocol-notes §2.5). */
  record Neul() implements Urc {
    /** The single instance. */
    public static final Neul INSTANCE = new Neul();

    @Override
    public String line() {
      return "Neul";
    }
  }

  /**
   * The boot banner's unsolicited {@code OK} (protocol-notes §2.5, P1); never a command's result.
   */
  record BootOk() implements Urc {
    /** The single instance. */
    public static final BootOk INSTANCE = new BootOk();

    @Override
    public String line() {
      return "OK";
    }
  }

  /**
   * An optional boot banner line: {@code Boot: Unsigned}, {@code Security B.. Verified}, {@code
   * Protocol A.. Verified}, {@code Apps A...... Verified} (protocol-notes §2.5).
   *
   * @param line the line
   */
  record Verified(String line) implements Urc {
    /** Validates the line. */
    public Verified {
      if (!(line.endsWith(" Verified") || line.startsWith("Boot: "))) {
        throw new AtException(
            "boot line: '" + line + "' (expected: '... Verified' or 'Boot: ...')");
      }
    }
  }

  /**
   * {@code +CSCON:<mode>}, the RRC connection report when {@code AT+CSCON=1} (protocol-notes §2.5,
   * P4). Both modes are shared instances.
   *
   * @param mode the RRC mode
   */
  record Cscon(RrcMode mode) implements Urc {
    /** {@code +CSCON:0}. */
    public static final Cscon IDLE = new Cscon(RrcMode.IDLE);

    /** {@code +CSCON:1}. */
    public static final Cscon CONNECTED = new Cscon(RrcMode.CONNECTED);

    /** Validates the URC. */
    public Cscon {
      Objects.requireNonNull(mode, "mode");
    }

    /**
     * Returns the shared instance.
     *
     * @param mode the mode
     * @return the URC
     */
    public static Cscon of(RrcMode mode) {
      return mode == RrcMode.IDLE ? IDLE : CONNECTED;
    }

    @Override
    public String line() {
      return "+CSCON:" + mode.code();
    }
  }

  /**
   * {@code +CEREG:<stat>[,<more>...]}, the EPS registration report (protocol-notes §2.5; 27.007).
   *
   * @param stat 0 not registered, 1 home, 2 searching, 3 denied, 4 unknown, 5 roaming
   * @param more the optional fields after {@code <stat>}, as printed
   */
  record Cereg(int stat, List<String> more) implements Urc {
    /** Validates the URC. */
    public Cereg {
      if (stat < 0 || stat > 99) {
        throw new AtException("+CEREG stat: " + stat + " (expected: 0..99)");
      }
      more = List.copyOf(more);
      if (more.size() > 8) {
        throw new AtException("+CEREG fields: " + more.size() + " (expected: <= 8)");
      }
    }

    /**
     * Returns whether the module is registered (home or roaming).
     *
     * @return true for stat 1 or 5
     */
    public boolean registered() {
      return stat == 1 || stat == 5;
    }

    @Override
    public String line() {
      return more.isEmpty() ? "+CEREG:" + stat : "+CEREG:" + stat + "," + String.join(",", more);
    }
  }

  /**
   * {@code +NNMI:<length>,<hexdata>} (downlink with {@code AT+NNMI=1}) or bare {@code +NNMI} (with
   * {@code AT+NNMI=2}: read it with {@code AT+NMGR}) (protocol-notes §2.3).
   *
   * @param data the downlink, or null for the bare indication
   */
  record Nnmi(@Nullable HexPayload data) implements Urc {
    /** The bare indication. */
    public static final Nnmi INDICATION = new Nnmi(null);

    @Override
    public String line() {
      return data == null ? "+NNMI" : "+NNMI:" + data.length() + "," + data.hex();
    }
  }

  /**
   * {@code +NSMI:<status>[,<seq>]}, the sent-message indication (protocol-notes §2.3).
   *
   * @param status for example {@code SENT}, {@code DISCARDED}
   * @param seq the sequence number, or null
   */
  record Nsmi(String status, @Nullable Integer seq) implements Urc {
    /** Validates the URC. */
    public Nsmi {
      if (status.isEmpty() || status.length() > 64 || !status.chars().allMatch(Nsmi::legal)) {
        throw new AtException("+NSMI status: '" + status + "' (expected: [A-Z_]{1,64})");
      }
      if (seq != null && (seq < 0 || seq > 255)) {
        throw new AtException("+NSMI seq: " + seq + " (expected: 0..255)");
      }
    }

    private static boolean legal(int c) {
      return (c >= 'A' && c <= 'Z') || c == '_';
    }

    @Override
    public String line() {
      return seq == null ? "+NSMI:" + status : "+NSMI:" + status + "," + seq;
    }
  }

  /**
   * {@code +QLWULDATASTATUS:<status>[,<seq>]}, the unsolicited status of a CON uplink
   * (protocol-notes §2.3).
   *
   * @param status 0 not sent, 1 sent and waiting, 2 failed, 3 timeout, 4 success, 5 reset
   * @param seq the sequence number, or null
   */
  record UplinkStatus(int status, @Nullable Integer seq) implements Urc {
    /** Validates the URC. */
    public UplinkStatus {
      if (status < 0 || status > 5) {
        throw new AtException("+QLWULDATASTATUS status: " + status + " (expected: 0..5)");
      }
      if (seq != null && (seq < 0 || seq > 255)) {
        throw new AtException("+QLWULDATASTATUS seq: " + seq + " (expected: 0..255)");
      }
    }

    @Override
    public String line() {
      return seq == null ? "+QLWULDATASTATUS:" + status : "+QLWULDATASTATUS:" + status + "," + seq;
    }
  }

  /**
   * A line no parser recognised, or a known prefix with malformed fields; the raw line is kept.
   *
   * @param line the raw line
   */
  record Unknown(String line) implements Urc {
    /** Validates the URC. */
    public Unknown {
      Objects.requireNonNull(line, "line");
    }
  }
}
