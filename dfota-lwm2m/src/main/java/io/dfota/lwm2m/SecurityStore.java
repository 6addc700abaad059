package io.dfota.lwm2m;

import io.dfota.lwm2m.internal.MemorySecurityStore;
import java.util.Collection;
import java.util.Optional;

/**
 * The platform's DTLS security store: which PSK identity may connect, with which key, and under
 * which LwM2M endpoint name it may then register (CoAPS on port 5684, {@code AT+QSECSWT=1};
 * protocol-notes §2.3 "Other"). The server asks it during each DTLS handshake (an unknown identity
 * fails the handshake) and at each registration (an identity registering as another endpoint gets
 * 4.03). Implementations must be thread-safe and must not block for long.
 */
public interface SecurityStore {

  /**
   * Returns the credential of a PSK identity.
   *
   * @param identity the identity the peer presented
   * @return the credential, or empty when the identity is unknown
   */
  Optional<PskCredential> byIdentity(String identity);

  /**
   * Returns an immutable store of these credentials.
   *
   * @param credentials the credentials, identities unique
   * @return the store
   * @throws Lwm2mException if two credentials have the same identity
   */
  static SecurityStore of(Collection<PskCredential> credentials) {
    MemorySecurityStore s = new MemorySecurityStore();
    for (PskCredential c : credentials) {
      if (s.byIdentity(c.identity()).isPresent()) {
        throw new Lwm2mException(
            "PSK identity: " + c.identity() + " given twice (expected: unique identities)");
      }
      s.put(c);
    }
    return s::byIdentity;
  }

  /**
   * Returns an empty, editable, thread-safe store in memory.
   *
   * @return the store
   */
  static Editable inMemory() {
    return new MemorySecurityStore();
  }

  /** A store that credentials can be added to and removed from while the server runs. */
  interface Editable extends SecurityStore {

    /**
     * Adds or replaces the credential of its identity; new handshakes use it at once.
     *
     * @param credential the credential
     */
    void put(PskCredential credential);

    /**
     * Removes an identity; existing DTLS sessions are not closed.
     *
     * @param identity the identity
     * @return whether it was present
     */
    boolean remove(String identity);

    /**
     * Returns the number of identities.
     *
     * @return the count
     */
    int size();
  }
}
