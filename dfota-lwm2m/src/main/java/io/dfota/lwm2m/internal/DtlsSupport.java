package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.SecurityStore;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;
import org.jspecify.annotations.Nullable;

/**
 * Scandium plumbing for LwM2M over DTLS 1.2 with PSK (CoAPS): the connectors of both roles with the
 * two cipher suites NB-IoT modules offer, and the peer's PSK identity of a request.
 */
public final class DtlsSupport {
  private DtlsSupport() {}

  /** The default CoAPS port. */
  public static final int COAPS_PORT = 5684;

  /** The cipher suites offered and accepted, in order of preference. */
  static final CipherSuite[] SUITES = {
    CipherSuite.TLS_PSK_WITH_AES_128_CCM_8, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256
  };

  private static DtlsConnectorConfig.Builder common(
      Configuration coap, InetSocketAddress local, String tag) {
    return DtlsConnectorConfig.builder(coap)
        .setAddress(local)
        .setLoggingTag(tag)
        .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false)
        .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, SUITES)
        // one receiver and one connector thread keep the records of a peer in order
        .set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
        .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
  }

  /**
   * Builds the platform's connector: answers handshakes only, keys from the security store.
   *
   * @param coap the CoAP configuration
   * @param local the address to bind
   * @param store the security store
   * @return the connector
   */
  public static DTLSConnector server(
      Configuration coap, InetSocketAddress local, SecurityStore store) {
    return new DTLSConnector(
        common(coap, local, "lwm2m-server-dtls")
            .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
            .setAdvancedPskStore(new StoreAdapter(store))
            .build());
  }

  /**
   * Builds a device's connector: starts the handshake with its one identity and key.
   *
   * @param coap the CoAP configuration
   * @param local the address to bind
   * @param credential the device's identity and key
   * @return the connector
   */
  public static DTLSConnector client(
      Configuration coap, InetSocketAddress local, PskCredential credential) {
    return new DTLSConnector(
        common(coap, local, "client-" + credential.endpoint() + "-dtls")
            .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
            .set(DtlsConfig.DTLS_MAX_CONNECTIONS, 4)
            .setAdvancedPskStore(
                new AdvancedSinglePskStore(credential.identity(), credential.key().bytes()))
            .build());
  }

  /**
   * Returns the PSK identity a request came with, when it came over DTLS with PSK.
   *
   * @param source the request's source context
   * @return the identity
   */
  public static Optional<String> pskIdentity(@Nullable EndpointContext source) {
    Principal p = source == null ? null : source.getPeerIdentity();
    return p instanceof PreSharedKeyIdentity psk
        ? Optional.of(psk.getIdentity())
        : Optional.empty();
  }

  /** Answers Scandium's key requests from a {@link SecurityStore}. */
  private static final class StoreAdapter implements AdvancedPskStore {
    private final SecurityStore store;

    StoreAdapter(SecurityStore store) {
      this.store = store;
    }

    @Override
    public boolean hasEcdhePskSupported() {
      return false;
    }

    @Override
    public PskSecretResult requestPskSecretResult(
        ConnectionId cid,
        ServerNames serverName,
        PskPublicInformation identity,
        String hmacAlgorithm,
        SecretKey otherSecret,
        byte[] seed,
        boolean useExtendedMasterSecret) {
      SecretKey secret = null;
      if (identity.isCompliantEncoding()) {
        Optional<PskCredential> c = store.byIdentity(identity.getPublicInfoAsString());
        if (c.isPresent()) {
          secret = SecretUtil.create(c.get().key().bytes(), PskSecretResult.ALGORITHM_PSK);
        }
      }
      // a null secret fails the handshake with unknown_psk_identity
      return new PskSecretResult(cid, identity, secret);
    }

    @Override
    public @Nullable PskPublicInformation getIdentity(
        InetSocketAddress peerAddress, ServerNames virtualHost) {
      return null;
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
      // answers synchronously
    }
  }
}
