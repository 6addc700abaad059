package io.dfota.at;

import java.time.Duration;
import java.util.List;

/**
 * {@code AT+NRB}: reboots the module (protocol-notes §2.5, P3). The module may print {@code
 * REBOOTING}, then the boot banner with {@code REBOOT_CAUSE_APPLICATION_AT}; the session completes
 * this command with {@link AtResponse.ModuleRestarted}, which is its expected outcome.
 */
public record Nrb() implements AtCommand<NoContent> {

  /** The optional line before the banner. */
  public static final String REBOOTING = "REBOOTING";

  @Override
  public String line() {
    return "AT+NRB";
  }

  @Override
  public boolean isResponseLine(String line) {
    return line.equals(REBOOTING);
  }

  @Override
  public NoContent parseResponse(List<String> lines) {
    return NoContent.INSTANCE;
  }

  @Override
  public List<String> formatResponse(NoContent value) {
    return List.of(REBOOTING);
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(30);
  }
}
