package io.dfota.lwm2m;

import io.dfota.core.UpdateResult;
import java.util.Optional;

/**
 * Decides whether a completely downloaded package is valid: DOWNLOADING→DOWNLOADED (T2), or →IDLE
 * with an Update Result from 2 to 9 (T3; 5 "integrity check failure" by default) (protocol-notes
 * §3.2, §3.3).
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

  /**
   * Checks a downloaded package and names the Update Result of a refusal. The default calls {@link
   * #verify} and refuses with 5 (integrity check failure); override it to report, for example, 6
   * (unsupported package type) for a package that does not apply to this firmware. A result outside
   * 2..9 is reported as 5.
   *
   * @param uri the Package URI it came from
   * @param store the store holding it
   * @return empty when the package is valid, else the result code of the refusal
   */
  default Optional<UpdateResult> refusal(String uri, PackageStore store) {
    return verify(uri, store) ? Optional.empty() : Optional.of(UpdateResult.INTEGRITY_FAILURE);
  }
}
