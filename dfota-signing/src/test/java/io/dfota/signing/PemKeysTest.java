package io.dfota.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.Set;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PemKeysTest {

  private static final char[] PASSWORD = "Quectel123".toCharArray();

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void writtenKeyPairReadsBackWithTheSameKeyId(SignatureAlgorithm alg) {
    KeyPair pair = TestKeys.pair(alg);
    PemKeys.writeKeyPair(pair, PASSWORD, dir, false);

    java.security.PublicKey pub = PemKeys.readPublicKey(dir.resolve("public.pem"));
    java.security.PrivateKey priv = PemKeys.readPrivateKey(dir.resolve("private.pem"), PASSWORD);

    assertEquals(PemKeys.keyId(pair.getPublic()), PemKeys.keyId(pub));
    assertEquals(alg, SignatureAlgorithm.forKey(pub));
    assertEquals(
        PemKeys.keyId(pair.getPublic()),
        PemKeys.keyId(io.dfota.signing.internal.Crypto.publicKeyOf(priv)));
  }

  @Test
  void privateKeyIsPkcs8Pbes2WithPbkdf2HmacSha256AndAes256() throws Exception {
    String pem =
        PemKeys.encryptedPrivateKeyPem(
            TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256).getPrivate(), PASSWORD);
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem);
    PKCS8EncryptedPrivateKeyInfo info;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      info = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
    }
    assertEquals(PKCSObjectIdentifiers.id_PBES2, info.getEncryptionAlgorithm().getAlgorithm());
    PBES2Parameters pbes2 =
        PBES2Parameters.getInstance(info.getEncryptionAlgorithm().getParameters());
    assertEquals(NISTObjectIdentifiers.id_aes256_CBC, pbes2.getEncryptionScheme().getAlgorithm());
    PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
    assertTrue(kdf.getIterationCount().intValue() >= 100_000);
    assertTrue(kdf.getSalt().length >= 16);
    assertEquals(PKCSObjectIdentifiers.id_hmacWithSHA256, kdf.getPrf().getAlgorithm());
  }

  @Test
  void publicKeyIsSubjectPublicKeyInfoPem() {
    String pem = PemKeys.publicKeyPem(TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256).getPublic());
    assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----"), pem);
  }

  @Test
  void wrongPasswordGivesOneClearMessage() {
    PemKeys.writeKeyPair(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256), PASSWORD, dir, false);
    SigningException e =
        assertThrows(
            SigningException.class,
            () -> PemKeys.readPrivateKey(dir.resolve("private.pem"), "Wrong1234".toCharArray()));
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"));
  }

  @Test
  void publicKeyFileIsRefusedAsPrivateKey() {
    PemKeys.writeKeyPair(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256), PASSWORD, dir, false);
    SigningException e =
        assertThrows(
            SigningException.class,
            () -> PemKeys.readPrivateKey(dir.resolve("public.pem"), PASSWORD));
    assertTrue(e.getMessage().contains("PUBLIC KEY"), e.getMessage());
  }

  @Test
  void privateKeyFileIsRefusedAsPublicKey() {
    PemKeys.writeKeyPair(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256), PASSWORD, dir, false);
    SigningException e =
        assertThrows(
            SigningException.class, () -> PemKeys.readPublicKey(dir.resolve("private.pem")));
    assertTrue(e.getMessage().contains("ENCRYPTED PRIVATE KEY"), e.getMessage());
  }

  @Test
  void missingFileNamesThePath() {
    Path missing = dir.resolve("nope.pem");
    SigningException e = assertThrows(SigningException.class, () -> PemKeys.readPublicKey(missing));
    assertTrue(e.getMessage().contains("nope.pem") && e.getMessage().contains("no such file"));
  }

  @Test
  void garbageIsNotAKey() {
    assertThrows(SigningException.class, () -> PemKeys.readPublicKey("hello"));
    assertThrows(
        SigningException.class,
        () ->
            PemKeys.readPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
  }

  @Test
  void existingFilesAreNotOverwrittenWithoutPermission() {
    KeyPair pair = TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256);
    PemKeys.writeKeyPair(pair, PASSWORD, dir, false);
    assertThrows(SigningException.class, () -> PemKeys.writeKeyPair(pair, PASSWORD, dir, false));
    PemKeys.writeKeyPair(pair, PASSWORD, dir, true);
  }

  @Test
  void privateKeyFileIsOwnerOnly() throws Exception {
    PemKeys.writeKeyPair(TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256), PASSWORD, dir, false);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(
          Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(dir.resolve("private.pem")));
    }
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary files left");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Quectel123", "abc123", "ABCdef", "abc-de", "ÄÖÜ12a"})
  void passwordsWithSixCharactersFromTwoClassesPass(String password) {
    assertNull(PemKeys.passwordProblem(password.toCharArray()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "Ab1", "abcdefgh", "12345678", "ABCDEFGH", "!!!!!!!!", "abc\u0001de1"})
  void weakPasswordsAreRefusedWithoutEchoingThem(String password) {
    String problem = PemKeys.passwordProblem(password.toCharArray());
    assertNotNull(problem);
    assertTrue(password.isEmpty() || !problem.contains(password), problem);
    assertThrows(
        SigningException.class,
        () ->
            PemKeys.encryptedPrivateKeyPem(
                TestKeys.pair(SignatureAlgorithm.ECDSA_P256_SHA256).getPrivate(),
                password.toCharArray()));
  }

  @Test
  void keyIdIsBase64UrlSha256OfSpki() throws Exception {
    java.security.PublicKey key = TestKeys.pair(SignatureAlgorithm.RSA2048_SHA256).getPublic();
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    assertEquals(
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest),
        PemKeys.keyId(key));
    assertEquals(43, PemKeys.keyId(key).length());
  }

  @Test
  void algorithmIdsRoundTrip() {
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      assertEquals(alg, SignatureAlgorithm.fromId(alg.id()));
    }
    assertEquals("RSA2048-SHA256", SignatureAlgorithm.RSA2048_SHA256.id());
    assertThrows(SigningException.class, () -> SignatureAlgorithm.fromId("DSA"));
  }
}
