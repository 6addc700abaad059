package io.dfota.emulator.sim;

/**
 * The simulator's totals since start: CoAP traffic of all devices and their FOTA outcomes
 * (protocol-notes §3.2 Update Result values).
 *
 * @param devices simulated devices
 * @param registered devices registered now
 * @param datagramsSent datagrams sent, retransmissions included
 * @param datagramsReceived datagrams received
 * @param retransmissions CON retransmissions (RFC 7252 §4.2)
 * @param requestsServed requests of the server answered (reads, writes, executes, observes)
 * @param notifications {@code /5/0/3} notifications sent (first transmissions)
 * @param blocks Block2 responses with content received
 * @param bytes package bytes received
 * @param updated updates that ended with result 1
 * @param failed downloads or updates that ended with another result (2 to 10)
 * @param malformed datagrams that were not CoAP
 */
public record SimCounters(
    int devices,
    int registered,
    long datagramsSent,
    long datagramsReceived,
    long retransmissions,
    long requestsServed,
    long notifications,
    long blocks,
    long bytes,
    long updated,
    long failed,
    long malformed) {

  /** Validates the fields. */
  public SimCounters {
    if (devices < 0 || registered < 0 || registered > devices) {
      throw new IllegalArgumentException(
          "registered: " + registered + " of " + devices + " (expected: 0..devices)");
    }
  }
}
