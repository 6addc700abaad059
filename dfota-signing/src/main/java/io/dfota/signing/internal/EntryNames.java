package io.dfota.signing.internal;

import org.jspecify.annotations.Nullable;

/**
 * The entry-name rules of QSIG/1 (protocol-notes §5.3 step 6.1): relative, {@code /}-separated, no
 * {@code ..} or {@code .} segment, no backslash, no drive letter, no control character, no empty
 * segment, at most {@link #MAX_NAME_BYTES} bytes, and no directories.
 */
public final class EntryNames {

  /** The longest accepted entry name in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 512;

  private EntryNames() {}

  /**
   * Returns why a name is unsafe, or null if it is safe.
   *
   * @param name the entry name
   * @return the problem or null
   */
  public static @Nullable String problem(String name) {
    String shown = printable(name);
    if (name.isEmpty()) {
      return "entry name: empty (expected: a relative file path)";
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return "entry name: " + shown + " (expected: at most " + MAX_NAME_BYTES + " bytes)";
    }
    if (name.startsWith("/")) {
      return "entry name: " + shown + " (expected: a relative path, not absolute)";
    }
    if (name.indexOf('\\') >= 0) {
      return "entry name: " + shown + " (expected: no backslash)";
    }
    if (name.length() >= 2 && name.charAt(1) == ':') {
      return "entry name: " + shown + " (expected: no drive letter)";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        return "entry name: " + shown + " (expected: no control characters)";
      }
    }
    if (name.endsWith("/")) {
      return "entry name: " + shown + " (expected: a file, not a directory)";
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "entry name: " + shown + " (expected: no empty, '.' or '..' path segment)";
      }
    }
    return null;
  }

  /**
   * Renders a name for an error message: quoted, control characters escaped, at most 80 chars.
   *
   * @param name the name
   * @return the printable form
   */
  public static String printable(String name) {
    StringBuilder sb = new StringBuilder("\"");
    int limit = Math.min(name.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (name.length() > limit) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
