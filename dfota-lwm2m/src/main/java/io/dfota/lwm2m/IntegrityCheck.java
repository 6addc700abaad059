package io.dfota.lwm2m;

/**
 * Decides whether a completely downloaded package is valid: DOWNLOADING→DOWNLOADED (T2), or →IDLE
 * with Update Result 5 (T3) (protocol-notes §3.2).
 */
@FunctionalInterface
public interface IntegrityCheck {

  /** Accepts every package. */
  IntegrityCheck ACCEPT_ALL = (uri, store) -> true;

  /**
   * Checks a downloaded package.
   *
   * @param uri the Package URI it came from
   * @param store the store holding it
   * @return true when the package is valid
   */
  boolean verify(String uri, PackageStore store);
}
