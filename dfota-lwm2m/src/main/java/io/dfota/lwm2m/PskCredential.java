package io.dfota.lwm2m;

import java.util.Objects;

/**
 * One device's DTLS PSK credential as the platform keeps it: the PSK identity the module presents
 * in its ClientKeyExchange (what {@code AT+QSETPSK=<pskid>,<psk>} set, the IMEI when {@code
 * <pskid>} is 0; protocol-notes §2.3 "Other"), the LwM2M endpoint name that identity may register
 * as, and the key. On the device side, the endpoint is the client's own endpoint name.
 *
 * @param identity the PSK identity, 1 to {@value #MAX_IDENTITY} printable ASCII characters
 * @param endpoint the endpoint name ({@code ep}), 1 to 64 characters
 * @param key the pre-shared key
 */
public record PskCredential(String identity, String endpoint, PreSharedKey key) {

  /** The longest PSK identity accepted, characters. */
  public static final int MAX_IDENTITY = 128;

  /** Validates. */
  public PskCredential {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(key, "key");
    checkIdentity(identity);
    if (endpoint.isEmpty() || endpoint.length() > 64) {
      throw new Lwm2mException("endpoint: " + endpoint.length() + " characters (expected: 1..64)");
    }
  }

  /**
   * Checks a PSK identity.
   *
   * @param identity the identity
   * @return the identity
   * @throws Lwm2mException if it is empty, too long or not printable ASCII
   */
  public static String checkIdentity(String identity) {
    if (identity.isEmpty()
        || identity.length() > MAX_IDENTITY
        || !identity.chars().allMatch(c -> c > ' ' && c < 0x7F)) {
      throw new Lwm2mException(
          "PSK identity: '"
              + identity
              + "' (expected: 1.."
              + MAX_IDENTITY
              + " printable ASCII characters)");
    }
    return identity;
  }

  /** Returns the identity and endpoint, never the key. */
  @Override
  public String toString() {
    return "PskCredential[identity=" + identity + ", endpoint=" + endpoint + "]";
  }
}
