package io.dfota.signing.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Atomic replacement of a file by a finished temporary file in the same directory. */
public final class Files2 {

  private Files2() {}

  /**
   * Moves {@code tmp} over {@code target} atomically where the file system allows it.
   *
   * @param tmp the finished temporary file
   * @param target the destination
   * @throws IOException if the move fails
   */
  public static void replace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Returns the directory of a file, absolute.
   *
   * @param file the file
   * @return its directory
   */
  public static Path dirOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath().getRoot() : parent;
  }
}
