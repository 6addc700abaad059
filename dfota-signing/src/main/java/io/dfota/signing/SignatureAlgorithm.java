package io.dfota.signing;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The signature algorithms of the QSIG/1 signed-package format (protocol-notes §5.3, field {@code
 * alg}). They mirror the choices of the platform's signtool (§5.1): "RSA2048+SHA256" (the seed's
 * choice) and "ECDSA_256K1+SHA256", plus ECDSA on P-256.
 */
public enum SignatureAlgorithm {
  /** RSASSA-PKCS1-v1_5 with SHA-256, RSA key of at least 2048 bits ({@code SHA256withRSA}). */
  RSA2048_SHA256("RSA2048-SHA256", "SHA256withRSA", "RSA", ""),
  /** ECDSA on NIST P-256 with SHA-256, DER-encoded signature ({@code SHA256withECDSA}). */
  ECDSA_P256_SHA256("ECDSA-P256-SHA256", "SHA256withECDSA", "EC", "secp256r1"),
  /** ECDSA on secp256k1 with SHA-256, DER-encoded signature; through Bouncy Castle. */
  ECDSA_SECP256K1_SHA256("ECDSA-SECP256K1-SHA256", "SHA256withECDSA", "EC", "secp256k1");

  /** Minimum RSA modulus length in bits. */
  public static final int MIN_RSA_BITS = 2048;

  private static final Map<String, SignatureAlgorithm> BY_ID = index();

  private final String id;
  private final String jcaSignature;
  private final String keyAlgorithm;
  private final String curve;

  SignatureAlgorithm(String id, String jcaSignature, String keyAlgorithm, String curve) {
    this.id = id;
    this.jcaSignature = jcaSignature;
    this.keyAlgorithm = keyAlgorithm;
    this.curve = curve;
  }

  /**
   * Returns the identifier written in the manifest's {@code alg} field and accepted by {@code dfota
   * keygen --alg}.
   *
   * @return the id, for example {@code RSA2048-SHA256}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the JCA signature algorithm name.
   *
   * @return for example {@code SHA256withRSA}
   */
  public String jcaSignature() {
    return jcaSignature;
  }

  /**
   * Returns the JCA key algorithm: {@code RSA} or {@code EC}.
   *
   * @return the key algorithm
   */
  public String keyAlgorithm() {
    return keyAlgorithm;
  }

  /**
   * Returns the curve name for ECDSA ({@code secp256r1} or {@code secp256k1}), empty for RSA.
   *
   * @return the curve name or an empty string
   */
  public String curve() {
    return curve;
  }

  /**
   * Finds an algorithm by its manifest id.
   *
   * @param id the id, for example {@code ECDSA-P256-SHA256}
   * @return the algorithm
   * @throws SigningException if the id is unknown
   */
  public static SignatureAlgorithm fromId(String id) {
    SignatureAlgorithm alg = BY_ID.get(id);
    if (alg == null) {
      throw new SigningException(
          "algorithm: " + id + " (expected: one of " + String.join(", ", BY_ID.keySet()) + ")");
    }
    return alg;
  }

  /**
   * Returns the algorithm that signs with the given key: RSA keys of at least 2048 bits give {@link
   * #RSA2048_SHA256}, EC keys on P-256 or secp256k1 give the matching ECDSA algorithm.
   *
   * @param key the public key
   * @return the algorithm
   * @throws SigningException if no algorithm fits the key
   */
  public static SignatureAlgorithm forKey(PublicKey key) {
    for (SignatureAlgorithm alg : values()) {
      if (alg.accepts(key)) {
        return alg;
      }
    }
    throw new SigningException(
        "key: " + describe(key) + " (expected: RSA >= 2048 bits, EC P-256 or EC secp256k1)");
  }

  /**
   * Tells whether a public key is of the type, size and curve this algorithm needs.
   *
   * @param key the public key
   * @return true if the key fits
   */
  public boolean accepts(PublicKey key) {
    if (this == RSA2048_SHA256) {
      return key instanceof RSAPublicKey
          && ((RSAPublicKey) key).getModulus().bitLength() >= MIN_RSA_BITS;
    }
    if (!(key instanceof ECPublicKey)) {
      return false;
    }
    return curve.equals(io.dfota.signing.internal.Crypto.curveName((ECPublicKey) key));
  }

  /**
   * Describes a key for an error message: its type, size or curve; never its bytes.
   *
   * @param key the key
   * @return for example {@code RSA 1024 bits}
   */
  static String describe(PublicKey key) {
    if (key instanceof RSAPublicKey) {
      return "RSA " + ((RSAPublicKey) key).getModulus().bitLength() + " bits";
    }
    if (key instanceof ECPublicKey) {
      return "EC " + io.dfota.signing.internal.Crypto.curveName((ECPublicKey) key);
    }
    return key.getAlgorithm();
  }

  private static Map<String, SignatureAlgorithm> index() {
    Map<String, SignatureAlgorithm> map = new LinkedHashMap<>();
    for (SignatureAlgorithm alg : values()) {
      if (map.put(alg.id, alg) != null) {
        throw new IllegalStateException("duplicate algorithm id: " + alg.id);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns all ids, comma separated, for help texts.
   *
   * @return the ids
   */
  public static String ids() {
    return Arrays.stream(values()).map(SignatureAlgorithm::id).collect(Collectors.joining(", "));
  }
}
