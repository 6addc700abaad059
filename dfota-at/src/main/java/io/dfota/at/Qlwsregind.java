package io.dfota.at;

import io.dfota.at.internal.Responses;

/**
 * {@code AT+QLWSREGIND=<type>}: register (0) or deregister (1) with the LwM2M platform; the result
 * comes later as {@code +QLWEVTIND:0} or {@code :1} (protocol-notes §2.3). Never deregister during
 * FOTA.
 *
 * @param type 0 register, 1 deregister
 */
public record Qlwsregind(int type) implements AtCommand.Simple {
  /** Validates the type. */
  public Qlwsregind {
    Responses.range("AT+QLWSREGIND <type>", type, 0, 1);
  }

  @Override
  public String line() {
    return "AT+QLWSREGIND=" + type;
  }
}
