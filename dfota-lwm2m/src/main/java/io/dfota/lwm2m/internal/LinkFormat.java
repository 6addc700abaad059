package io.dfota.lwm2m.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CoRE link format (RFC 6690) subset of an LwM2M registration payload (protocol-notes §4.1):
 * {@code </>;rt="oma.lwm2m",</3/0>,</5/0>,</19/0>}. Parsing is bounded and returns empty for a
 * malformed payload.
 */
public final class LinkFormat {
  /** Limit on the payload length in characters. */
  public static final int MAX_PAYLOAD = 4096;

  /** Limit on the number of links. */
  public static final int MAX_LINKS = 256;

  private static final Pattern OBJECT_PATH = Pattern.compile("/\\d{1,5}(/\\d{1,5})?");

  private LinkFormat() {}

  /**
   * Encodes the registration payload for the given object instance paths.
   *
   * @param paths paths such as {@code /3/0}
   * @return the link-format string
   */
  public static String encode(List<String> paths) {
    StringBuilder sb = new StringBuilder("</>;rt=\"oma.lwm2m\"");
    for (String p : paths) {
      sb.append(",<").append(p).append('>');
    }
    return sb.toString();
  }

  /**
   * Parses a registration payload into its object and object-instance links.
   *
   * @param payload the link-format string
   * @return the links such as {@code /3/0}, or empty if the payload is malformed
   */
  public static Optional<List<String>> parseObjectLinks(String payload) {
    if (payload.length() > MAX_PAYLOAD) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    if (payload.isBlank()) {
      return Optional.of(out);
    }
    String[] links = payload.split(",", MAX_LINKS + 1);
    if (links.length > MAX_LINKS) {
      return Optional.empty();
    }
    for (String raw : links) {
      String link = raw.trim();
      if (!link.startsWith("<")) {
        return Optional.empty();
      }
      int close = link.indexOf('>');
      if (close < 0) {
        return Optional.empty();
      }
      String target = link.substring(1, close);
      String rest = link.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(";")) {
        return Optional.empty();
      }
      if (OBJECT_PATH.matcher(target).matches()) {
        out.add(target);
      } else if (!target.equals("/") && !target.startsWith("/")) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
  }
}
