package io.dfota.signing.internal;

import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.SigningException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;

/**
 * The cryptographic primitives behind QSIG/1 (protocol-notes §5.3): one Bouncy Castle provider
 * instance (never registered globally), signatures over the manifest bytes, key ids and SHA-256.
 * Bulk hashing uses the JDK's {@link MessageDigest}, which is faster than Bouncy Castle's.
 */
public final class Crypto {

  /** The Bouncy Castle provider, passed explicitly to every JCA call that needs it. */
  public static final Provider BC = new BouncyCastleProvider();

  private static final SecureRandom RANDOM = new SecureRandom();

  private Crypto() {}

  /**
   * Returns the shared secure random source.
   *
   * @return the random source
   */
  public static SecureRandom random() {
    return RANDOM;
  }

  /**
   * Returns a new JDK SHA-256 digest.
   *
   * @return the digest
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /**
   * Returns the key id: base64url without padding of SHA-256 over the SubjectPublicKeyInfo DER.
   *
   * @param key the key
   * @return 43 characters
   */
  public static String keyId(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki == null) {
      throw new SigningException("key: " + key.getAlgorithm() + " (expected: an encodable key)");
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256().digest(spki));
  }

  /**
   * Returns the named curve of an EC key from its SubjectPublicKeyInfo parameters.
   *
   * @param key the key
   * @return {@code secp256r1}, {@code secp256k1} or {@code unknown}
   */
  public static String curveName(ECPublicKey key) {
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
      ASN1Primitive params = spki.getAlgorithm().getParameters().toASN1Primitive();
      if (params instanceof ASN1ObjectIdentifier) {
        ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) params;
        if (oid.equals(X9ObjectIdentifiers.prime256v1)) {
          return "secp256r1";
        }
        if (oid.equals(SECObjectIdentifiers.secp256k1)) {
          return "secp256k1";
        }
      }
      return "unknown";
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Signs the given bytes.
   *
   * @param alg the algorithm
   * @param key the private key
   * @param data the bytes to sign (the manifest)
   * @return the raw signature
   */
  public static byte[] sign(SignatureAlgorithm alg, PrivateKey key, byte[] data) {
    try {
      Signature sig = Signature.getInstance(alg.jcaSignature(), BC);
      sig.initSign(key, RANDOM);
      sig.update(data);
      return sig.sign();
    } catch (GeneralSecurityException e) {
      throw new SigningException(
          "private key: " + key.getAlgorithm() + " (expected: a key for " + alg.id() + ")", e);
    }
  }

  /**
   * Verifies a signature; any malformed signature is simply not valid.
   *
   * @param alg the algorithm
   * @param key the public key
   * @param data the signed bytes
   * @param signature the signature
   * @return true if valid
   */
  public static boolean verify(
      SignatureAlgorithm alg, PublicKey key, byte[] data, byte[] signature) {
    try {
      Signature sig = Signature.getInstance(alg.jcaSignature(), BC);
      sig.initVerify(key);
      sig.update(data);
      return sig.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Derives the public key from a private key (RSA CRT or EC).
   *
   * @param key the private key
   * @return the public key
   * @throws SigningException if the key type is not supported
   */
  public static PublicKey publicKeyOf(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey) {
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
        return KeyFactory.getInstance("RSA", BC)
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (key instanceof java.security.interfaces.ECPrivateKey) {
        BigInteger d = ((java.security.interfaces.ECPrivateKey) key).getS();
        ASN1Primitive params =
            PrivateKeyInfo.getInstance(key.getEncoded())
                .getPrivateKeyAlgorithm()
                .getParameters()
                .toASN1Primitive();
        if (params instanceof ASN1ObjectIdentifier) {
          String name =
              org.bouncycastle.asn1.x9.ECNamedCurveTable.getName((ASN1ObjectIdentifier) params);
          ECNamedCurveParameterSpec spec =
              name == null ? null : ECNamedCurveTable.getParameterSpec(name);
          if (spec != null) {
            return KeyFactory.getInstance("EC", BC)
                .generatePublic(new ECPublicKeySpec(spec.getG().multiply(d).normalize(), spec));
          }
        }
        throw new SigningException("private key: EC (expected: a named curve)");
      }
    } catch (GeneralSecurityException e) {
      throw new SigningException(
          "private key: " + key.getAlgorithm() + " (expected: RSA or EC)", e);
    }
    throw new SigningException(
        "private key: " + key.getAlgorithm() + " (expected: an RSA CRT or EC private key)");
  }
}
