package io.dfota.cli;

import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.SigningException;
import picocli.CommandLine;

/** Converts {@code --alg RSA2048-SHA256} and friends; an unknown id is a usage error. */
final class AlgorithmConverter implements CommandLine.ITypeConverter<SignatureAlgorithm> {
  @Override
  public SignatureAlgorithm convert(String value) {
    try {
      return SignatureAlgorithm.fromId(value);
    } catch (SigningException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
