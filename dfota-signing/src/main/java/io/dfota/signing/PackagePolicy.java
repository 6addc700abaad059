package io.dfota.signing;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Which entries a signed package may carry besides the manifest and the signature (protocol-notes
 * §5.3 steps 1 and 6.6). The seed's package is one delta {@code .bin} zipped on its own (§1.1).
 */
public enum PackagePolicy {
  /** Exactly one top-level {@code .bin} entry; other files (a readme) are allowed. The default. */
  EXACTLY_ONE_BIN,
  /** The package is one top-level {@code .bin} and nothing else. */
  ONLY_ONE_BIN;

  /**
   * Returns a problem with the given non-{@code META-INF} entry names, or null if they comply.
   *
   * @param names the entry names
   * @return the problem or null
   */
  public @Nullable String problem(Collection<String> names) {
    long bins = names.stream().filter(PackagePolicy::isTopLevelBin).count();
    if (bins != 1) {
      return "package: "
          + bins
          + " top-level .bin entries (expected: exactly one, policy "
          + name()
          + ")";
    }
    if (this == ONLY_ONE_BIN && names.size() != 1) {
      return "package: " + names.size() + " entries (expected: only the .bin, policy ONLY_ONE_BIN)";
    }
    return null;
  }

  /**
   * Tells whether an entry name is a top-level {@code .bin} (case-insensitive extension).
   *
   * @param name the entry name
   * @return true if it is
   */
  public static boolean isTopLevelBin(String name) {
    return name.indexOf('/') < 0
        && name.length() > 4
        && name.regionMatches(true, name.length() - 4, ".bin", 0, 4);
  }
}
