package io.dfota.at;

/** {@code AT}: the attention command; the module answers {@code OK} (protocol-notes §2.1). */
public record At() implements AtCommand.Simple {
  @Override
  public String line() {
    return "AT";
  }
}
