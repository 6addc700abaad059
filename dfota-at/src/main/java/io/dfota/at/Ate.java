package io.dfota.at;

/**
 * {@code ATE0} / {@code ATE1}: command echo off or on (protocol-notes §2.1 "Echo"). The session
 * tolerates echo either way; the driver turns it off.
 *
 * @param echo true for {@code ATE1}
 */
public record Ate(boolean echo) implements AtCommand.Simple {
  @Override
  public String line() {
    return echo ? "ATE1" : "ATE0";
  }
}
