package io.dfota.signing;

import io.dfota.signing.internal.Crypto;
import io.dfota.signing.internal.Files2;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.jspecify.annotations.Nullable;

/**
 * The signtool's key files (protocol-notes §5.1 "Key generation", §5.3 item 5), read and written
 * with Bouncy Castle: {@code public.pem} is an X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC
 * KEY}); {@code private.pem} is a PKCS#8 {@code ENCRYPTED PRIVATE KEY} with PBES2,
 * PBKDF2-HMAC-SHA256 ({@value #PBKDF2_ITERATIONS} iterations, random salt) and AES-256-CBC. A key
 * is named by its key id, base64url of SHA-256 over the SubjectPublicKeyInfo. Passwords are {@code
 * char[]} that the caller clears after use; this class never keeps or logs them.
 */
public final class PemKeys {

  /** The PBKDF2 iteration count for new private keys (spec minimum: 100 000). */
  public static final int PBKDF2_ITERATIONS = 210_000;

  /** The shortest accepted password (the signtool's rule, protocol-notes §5.1). */
  public static final int MIN_PASSWORD_LENGTH = 6;

  /** The fewest character classes in a password. */
  public static final int MIN_PASSWORD_CLASSES = 2;

  /** The longest accepted password. */
  public static final int MAX_PASSWORD_LENGTH = 1024;

  /** The largest PEM file read. */
  public static final int MAX_PEM_BYTES = 64 * 1024;

  /** The file name of the private key written by {@link #writeKeyPair}. */
  public static final String PRIVATE_PEM = "private.pem";

  /** The file name of the public key written by {@link #writeKeyPair}. */
  public static final String PUBLIC_PEM = "public.pem";

  private PemKeys() {}

  /**
   * Generates a key pair for an algorithm: RSA-2048 (exponent 65537), or EC on P-256 or secp256k1.
   *
   * @param algorithm the algorithm
   * @return the key pair
   */
  public static KeyPair generate(SignatureAlgorithm algorithm) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance(algorithm.keyAlgorithm(), Crypto.BC);
      if (algorithm == SignatureAlgorithm.RSA2048_SHA256) {
        gen.initialize(
            new RSAKeyGenParameterSpec(SignatureAlgorithm.MIN_RSA_BITS, RSAKeyGenParameterSpec.F4),
            Crypto.random());
      } else {
        gen.initialize(new ECGenParameterSpec(algorithm.curve()), Crypto.random());
      }
      return gen.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new SigningException("keygen: " + algorithm.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the key id: base64url, without padding, of SHA-256 over the SubjectPublicKeyInfo DER.
   *
   * @param key the public key
   * @return 43 characters
   */
  public static String keyId(PublicKey key) {
    return Crypto.keyId(key);
  }

  /**
   * Returns why a password does not meet the policy (at least {@value #MIN_PASSWORD_LENGTH}
   * characters from at least {@value #MIN_PASSWORD_CLASSES} of: upper case, lower case, digits,
   * other), or null if it does. The message never contains the password.
   *
   * @param password the password
   * @return the problem or null
   */
  public static @Nullable String passwordProblem(char[] password) {
    if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      return "password: "
          + password.length
          + " characters (expected: "
          + MIN_PASSWORD_LENGTH
          + " to "
          + MAX_PASSWORD_LENGTH
          + ")";
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean other = false;
    for (char c : password) {
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (Character.isISOControl(c)) {
        return "password: contains a control character (expected: printable characters)";
      } else {
        other = true;
      }
    }
    int classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    if (classes < MIN_PASSWORD_CLASSES) {
      return "password: "
          + classes
          + " character class (expected: at least "
          + MIN_PASSWORD_CLASSES
          + " of A-Z, a-z, 0-9, other)";
    }
    return null;
  }

  /**
   * Checks the password policy.
   *
   * @param password the password
   * @throws SigningException naming the rule that failed
   */
  public static void checkPassword(char[] password) {
    String problem = passwordProblem(password);
    if (problem != null) {
      throw new SigningException(problem);
    }
  }

  /**
   * Encodes a public key as {@code -----BEGIN PUBLIC KEY-----} PEM.
   *
   * @param key the key
   * @return the PEM text
   */
  public static String publicKeyPem(PublicKey key) {
    return pem(key);
  }

  /**
   * Encrypts a private key as a PKCS#8 {@code ENCRYPTED PRIVATE KEY} PEM (PBES2,
   * PBKDF2-HMAC-SHA256, AES-256-CBC). The password must meet the policy.
   *
   * @param key the private key
   * @param password the password; not cleared here
   * @return the PEM text
   */
  public static String encryptedPrivateKeyPem(PrivateKey key, char[] password) {
    checkPassword(password);
    try {
      JceOpenSSLPKCS8EncryptorBuilder builder =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(Crypto.BC)
              .setRandom(Crypto.random())
              .setPRF(PKCS8Generator.PRF_HMACSHA256)
              .setIterationCount(PBKDF2_ITERATIONS)
              .setPassword(password);
      return pem(new JcaPKCS8Generator(key, builder.build()));
    } catch (OperatorCreationException | PemGenerationException e) {
      throw new SigningException("private key: cannot encrypt: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code dir/private.pem} (owner-only permissions where POSIX) and {@code dir/public.pem},
   * each through a temporary file renamed into place.
   *
   * @param pair the key pair
   * @param password the private key password; not cleared here
   * @param dir the directory, created if missing
   * @param overwrite whether existing files may be replaced
   * @throws SigningException if a file exists and {@code overwrite} is false, or I/O fails
   */
  public static void writeKeyPair(KeyPair pair, char[] password, Path dir, boolean overwrite) {
    Path privateFile = dir.resolve(PRIVATE_PEM);
    Path publicFile = dir.resolve(PUBLIC_PEM);
    String privatePem = encryptedPrivateKeyPem(pair.getPrivate(), password);
    String publicPem = publicKeyPem(pair.getPublic());
    try {
      Files.createDirectories(dir);
      if (!overwrite) {
        for (Path p : new Path[] {privateFile, publicFile}) {
          if (Files.exists(p)) {
            throw new SigningException("keygen: " + p + " exists (expected: no file, or --force)");
          }
        }
      }
      writeAtomically(privateFile, privatePem, true);
      writeAtomically(publicFile, publicPem, false);
    } catch (FileAlreadyExistsException e) {
      throw new SigningException("keygen: " + e.getFile() + " exists", e);
    } catch (IOException e) {
      throw new SigningException("keygen: " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a public key from PEM text: a {@code PUBLIC KEY} (or the public key of a {@code
   * CERTIFICATE}) that fits one of the {@link SignatureAlgorithm}s.
   *
   * @param pemText the PEM text
   * @return the key
   * @throws SigningException if the text holds no usable public key
   */
  public static PublicKey readPublicKey(String pemText) {
    Object object = parse(pemText, "public key");
    SubjectPublicKeyInfo spki;
    if (object instanceof SubjectPublicKeyInfo) {
      spki = (SubjectPublicKeyInfo) object;
    } else if (object instanceof X509CertificateHolder) {
      spki = ((X509CertificateHolder) object).getSubjectPublicKeyInfo();
    } else {
      throw new SigningException(
          "public key: the PEM holds " + kind(object) + " (expected: PUBLIC KEY)");
    }
    PublicKey key;
    try {
      key = new JcaPEMKeyConverter().setProvider(Crypto.BC).getPublicKey(spki);
    } catch (IOException | RuntimeException e) {
      throw new SigningException("public key: unreadable (expected: RSA or EC)", e);
    }
    SignatureAlgorithm.forKey(key);
    return key;
  }

  /**
   * Reads a public key from a PEM file.
   *
   * @param file the file, at most {@value #MAX_PEM_BYTES} bytes
   * @return the key
   * @throws SigningException if the file is missing or holds no usable public key
   */
  public static PublicKey readPublicKey(Path file) {
    try {
      return readPublicKey(readPem(file, "public key"));
    } catch (SigningException e) {
      if (e.getMessage().startsWith("public key: " + file)) {
        throw e;
      }
      throw new SigningException(
          "public key: " + file + ": " + e.getMessage().replaceFirst("^public key: ", ""), e);
    }
  }

  /**
   * Decrypts a private key from PEM text: a PKCS#8 {@code ENCRYPTED PRIVATE KEY} (or a legacy
   * OpenSSL encrypted key pair). Unencrypted private keys are refused.
   *
   * @param pemText the PEM text
   * @param password the password; not cleared here
   * @return the private key
   * @throws SigningException for a wrong password, a public key, or an unencrypted key
   */
  public static PrivateKey readPrivateKey(String pemText, char[] password) {
    Object object = parse(pemText, "private key");
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Crypto.BC);
    try {
      if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
        PrivateKeyInfo info =
            ((PKCS8EncryptedPrivateKeyInfo) object)
                .decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(Crypto.BC)
                        .build(password));
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMEncryptedKeyPair) {
        PEMKeyPair pair =
            ((PEMEncryptedKeyPair) object)
                .decryptKeyPair(
                    new org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder()
                        .setProvider(Crypto.BC)
                        .build(password));
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (PKCSException | IOException | OperatorCreationException | RuntimeException e) {
      throw new SigningException(
          "private key: wrong password or damaged key file (expected: the key's password)", e);
    }
    if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
      throw new SigningException(
          "private key: not encrypted (expected: ENCRYPTED PRIVATE KEY, as dfota keygen writes)");
    }
    throw new SigningException(
        "private key: the PEM holds " + kind(object) + " (expected: ENCRYPTED PRIVATE KEY)");
  }

  /**
   * Decrypts a private key from a PEM file.
   *
   * @param file the file, at most {@value #MAX_PEM_BYTES} bytes
   * @param password the password; not cleared here
   * @return the private key
   * @throws SigningException if the file is missing, the password is wrong, or it holds no private
   *     key
   */
  public static PrivateKey readPrivateKey(Path file, char[] password) {
    String text = readPem(file, "private key");
    try {
      return readPrivateKey(text, password);
    } catch (SigningException e) {
      throw new SigningException(
          "private key: " + file + ": " + e.getMessage().replaceFirst("^private key: ", ""), e);
    }
  }

  private static String readPem(Path file, String what) {
    try {
      long size = Files.size(file);
      if (size > MAX_PEM_BYTES) {
        throw new SigningException(
            what + ": " + file + ": " + size + " bytes (expected: at most " + MAX_PEM_BYTES + ")");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new SigningException(what + ": " + file + ": no such file", e);
    } catch (IOException e) {
      throw new SigningException(what + ": " + file + ": " + e.getMessage(), e);
    }
  }

  private static Object parse(String pemText, String what) {
    if (pemText.length() > MAX_PEM_BYTES) {
      throw new SigningException(
          what + ": " + pemText.length() + " characters (expected: at most " + MAX_PEM_BYTES + ")");
    }
    try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new SigningException(what + ": no PEM object found (expected: -----BEGIN ...)");
      }
      return object;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SigningException) {
        throw (SigningException) e;
      }
      throw new SigningException(what + ": malformed PEM (expected: a PEM key file)", e);
    }
  }

  private static String kind(Object object) {
    if (object instanceof SubjectPublicKeyInfo) {
      return "a PUBLIC KEY";
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
      return "an ENCRYPTED PRIVATE KEY";
    }
    if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
      return "a PRIVATE KEY";
    }
    if (object instanceof X509CertificateHolder) {
      return "a CERTIFICATE";
    }
    return "another PEM object";
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void writeAtomically(Path file, String text, boolean ownerOnly)
      throws IOException {
    Path dir = Files2.dirOf(file);
    Path tmp;
    if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      tmp =
          Files.createTempFile(
              dir,
              "." + file.getFileName(),
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    }
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files2.replace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
