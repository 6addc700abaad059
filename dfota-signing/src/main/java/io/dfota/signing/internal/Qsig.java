package io.dfota.signing.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Constants of the QSIG/1 canonical archive (docs/signed-package-format.md): every entry is stored
 * (method 0), UTF-8 flagged, without extra fields, comments or data descriptors, and the archive
 * has no comment, so that every byte of the file is either checked against the central directory, a
 * constant, the manifest digests or the signature.
 */
public final class Qsig {

  /** The manifest's {@code format} value. */
  public static final String FORMAT = "qsig/1";

  /** The manifest entry. */
  public static final String MANIFEST_NAME = "META-INF/QSIG.MF.json";

  /** The signature entry. */
  public static final String SIGNATURE_NAME = "META-INF/QSIG.SIG";

  /** The reserved directory. */
  public static final String META_INF = "META-INF/";

  /** The largest accepted signature (an RSA-8192 signature is 1024 bytes). */
  public static final int MAX_SIGNATURE_BYTES = 1024;

  static final int LOC_SIG = 0x04034b50;
  static final int CEN_SIG = 0x02014b50;
  static final int END_SIG = 0x06054b50;
  static final int LOC_LEN = 30;
  static final int CEN_LEN = 46;
  static final int END_LEN = 22;

  /** Version made by: 2.0, MS-DOS attributes. */
  static final int VERSION_MADE_BY = 20;

  /** Version needed to extract: 1.0 (stored). */
  static final int VERSION_NEEDED = 10;

  /** General purpose flags: bit 11, names are UTF-8. */
  static final int FLAGS = 0x0800;

  /** Compression method: stored. */
  static final int METHOD_STORED = 0;

  /** Flag bit 0: encrypted; bit 6: strong encryption. */
  static final int FLAGS_ENCRYPTED = 0x0041;

  private Qsig() {}

  /**
   * Returns the MS-DOS time (low 16 bits) and date (high 16 bits) of an instant in UTC, clamped to
   * the DOS range 1980..2107.
   *
   * @param instant the instant
   * @return date in bits 16..31, time in bits 0..15
   */
  static int dosDateTime(Instant instant) {
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    if (t.getYear() < 1980) {
      return (1 << 5 | 1) << 16;
    }
    if (t.getYear() > 2107) {
      t = LocalDateTime.of(2107, 12, 31, 23, 59, 58);
    }
    int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
    int time = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2;
    return date << 16 | time;
  }
}
