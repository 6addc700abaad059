package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.Registration;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The one rule for who may Register an endpoint name that is already registered (protocol-notes
 * §4.1; issue #10, docs/reliability/hostile.md).
 *
 * <p>While a registration is live, a Register for its endpoint name from the same IP host replaces
 * it (a rebooted module or a NAT rebinding comes back on a new port, not a new host). A Register
 * from another host is refused with 4.03 Forbidden, and nothing changes, until the old registration
 * is de-registered or expires (lifetime plus the server's grace). Without DTLS the source address
 * is the only evidence of who a device is; with DTLS the PSK identity bound to the endpoint
 * decides: {@code RdResource} checks it before it claims the name.
 */
final class EndpointClaims {
  private EndpointClaims() {}

  /**
   * Decides whether a Register from {@code from} may replace {@code existing}.
   *
   * @param existing the live registration of the endpoint name
   * @param from the source address of the new Register
   * @param authenticated whether the Register came over DTLS from the PSK identity bound to the
   *     endpoint (then the identity decides, not the host: a module behind a carrier NAT may come
   *     back from another address)
   * @return empty when it may, otherwise the reason for the 4.03
   */
  static Optional<String> refusal(
      Registration existing, InetSocketAddress from, boolean authenticated) {
    if (authenticated || Objects.equals(existing.address().getAddress(), from.getAddress())) {
      return Optional.empty();
    }
    return Optional.of(
        "endpoint "
            + existing.endpoint()
            + " is registered from another host (expected: the same host until it expires)");
  }
}
