package io.dfota.signing;

import org.jspecify.annotations.Nullable;

/** The rules for a manufacturer name in a manifest: 1 to 128 characters, no control characters. */
final class ManufacturerNames {

  /** The longest accepted manufacturer name. */
  static final int MAX_LENGTH = 128;

  private ManufacturerNames() {}

  /**
   * Returns a problem with the name, or null if it is acceptable.
   *
   * @param name the name
   * @return the problem or null
   */
  static @Nullable String problem(String name) {
    if (name.isBlank() || name.length() > MAX_LENGTH) {
      return "manufacturer: \""
          + (name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) + "..." : name)
          + "\" (expected: 1 to "
          + MAX_LENGTH
          + " characters, not blank)";
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        return "manufacturer: contains a control character (expected: printable text)";
      }
    }
    return null;
  }

  /**
   * Checks a name.
   *
   * @param name the name
   * @throws SigningException if the name is not acceptable
   */
  static void check(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new SigningException(problem);
    }
  }
}
