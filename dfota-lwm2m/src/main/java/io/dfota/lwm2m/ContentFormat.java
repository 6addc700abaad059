package io.dfota.lwm2m;

import java.util.Optional;

/**
 * The CoAP Content-Format values that LwM2M 1.0 uses and dfota supports (protocol-notes §4.1):
 * text/plain, CoRE link format, opaque and the LwM2M TLV.
 */
public enum ContentFormat {
  /** 0: {@code text/plain;charset=utf-8}, single resources. */
  TEXT(0),
  /** 40: {@code application/link-format}, the registration payload. */
  LINK(40),
  /** 42: {@code application/octet-stream}, opaque resources ({@code /19/0/0}, {@code /19/1/0}). */
  OPAQUE(42),
  /** 11542: {@code application/vnd.oma.lwm2m+tlv}. */
  TLV(11542);

  private final int code;

  ContentFormat(int code) {
    this.code = code;
  }

  /**
   * Returns the CoAP Content-Format number.
   *
   * @return the number
   */
  public int code() {
    return code;
  }

  /**
   * Returns the format with the given CoAP number.
   *
   * @param code the Content-Format option value
   * @return the format, or empty when dfota does not support it
   */
  public static Optional<ContentFormat> fromCode(int code) {
    for (ContentFormat f : values()) {
      if (f.code == code) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
