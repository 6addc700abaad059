package io.dfota.signing;

import java.security.KeyPair;
import java.util.EnumMap;
import java.util.Map;

/** Key pairs generated once per test JVM: RSA-2048 key generation is slow. */
final class TestKeys {

  private static final Map<SignatureAlgorithm, KeyPair> FIRST = generateAll();
  private static final Map<SignatureAlgorithm, KeyPair> SECOND = generateAll();

  private TestKeys() {}

  static KeyPair pair(SignatureAlgorithm alg) {
    return FIRST.get(alg);
  }

  static KeyPair other(SignatureAlgorithm alg) {
    return SECOND.get(alg);
  }

  private static Map<SignatureAlgorithm, KeyPair> generateAll() {
    Map<SignatureAlgorithm, KeyPair> map = new EnumMap<>(SignatureAlgorithm.class);
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      map.put(alg, PemKeys.generate(alg));
    }
    return map;
  }
}
