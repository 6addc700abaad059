package io.dfota.lwm2m.internal;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log line of a refused device request (issue #10: refused, logged once, nothing changed).
 * A CON retransmission is answered from Californium's deduplication cache and is not logged again.
 * Peer-controlled text is escaped and cut to {@link #MAX_LOGGED} characters.
 */
final class Refusals {
  private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

  /** Longest peer-controlled text written to the log. */
  static final int MAX_LOGGED = 80;

  private Refusals() {}

  /**
   * Logs a refusal at INFO.
   *
   * @param exchange the refused exchange
   * @param code the response code it gets
   * @param reason why, naming the limit
   */
  static void log(CoapExchange exchange, ResponseCode code, String reason) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "refused {} /{} from {} with {}: {}",
          exchange.getRequestCode(),
          escape(exchange.getRequestOptions().getUriPathString()),
          exchange.getSourceSocketAddress(),
          code.text + " " + code.name(),
          escape(reason));
    }
  }

  /** Escapes control and non-ASCII characters and cuts long text. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < MAX_LOGGED; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    if (sb.length() >= MAX_LOGGED && s.length() > MAX_LOGGED) {
      sb.append("...");
    }
    return sb.toString();
  }
}
