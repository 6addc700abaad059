package io.dfota.cli;

import io.dfota.lwm2m.Lwm2mException;
import io.dfota.lwm2m.PreSharedKey;
import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.SecurityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PSK file of {@code --dtls}: how the platform learns the devices' DTLS keys and how the
 * emulator gets them. One device per line, {@code IDENTITY,ENDPOINT,KEYHEX} (the PSK identity, the
 * LwM2M endpoint name it may register as, the key in hex as {@code AT+QSETPSK} takes it); blank
 * lines and lines starting with {@code #} are ignored. Written owner-only where the file system
 * allows it. Error messages name the line, never the key.
 */
final class PskFile {
  private PskFile() {}

  /** The file name {@code dfota demo} writes in its data directory. */
  static final String NAME = "psk.csv";

  /** The largest file read. */
  static final long MAX_BYTES = 16L << 20;

  /** The key length generated: 16 bytes, what the modules take. */
  static final int KEY_BYTES = 16;

  /**
   * Reads a PSK file.
   *
   * @param file the file
   * @param option the option that named it, for errors
   * @return the credentials in file order, identities unique
   */
  static List<PskCredential> read(Path file, String option) {
    List<String> lines;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CliException(
            Main.EXIT_USAGE,
            option + ": " + file + " is larger than " + MAX_BYTES + " bytes (expected: smaller)");
      }
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new CliException(Main.EXIT_IO, option + ": cannot read " + file + " (" + e + ")");
    }
    Map<String, PskCredential> byIdentity = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = option + ": " + file + " line " + (i + 1);
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw new CliException(
            Main.EXIT_USAGE,
            where + ": " + f.length + " fields (expected: IDENTITY,ENDPOINT,KEYHEX)");
      }
      PskCredential c;
      try {
        c = new PskCredential(f[0].strip(), f[1].strip(), PreSharedKey.fromHex(f[2].strip()));
      } catch (Lwm2mException e) {
        throw new CliException(Main.EXIT_USAGE, where + ": " + e.getMessage());
      }
      if (byIdentity.putIfAbsent(c.identity(), c) != null) {
        throw new CliException(
            Main.EXIT_USAGE,
            where + ": identity " + c.identity() + " given twice (expected: unique identities)");
      }
    }
    return new ArrayList<>(byIdentity.values());
  }

  /**
   * Writes a PSK file, owner-only where the file system allows it.
   *
   * @param file the file
   * @param credentials the credentials
   */
  static void write(Path file, List<PskCredential> credentials) {
    StringBuilder sb =
        new StringBuilder("# dfota PSK file: IDENTITY,ENDPOINT,KEYHEX (secret: keep it private)\n");
    for (PskCredential c : credentials) {
      sb.append(c.identity())
          .append(',')
          .append(c.endpoint())
          .append(',')
          .append(c.key().hex())
          .append('\n');
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            tmp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
      Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a security store on a PSK file that reads the file again when an unknown identity
   * connects and the file changed since, so that {@code dfota emulate --dtls} can add keys to the
   * file of a running {@code dfota platform --dtls}.
   *
   * @param file the file, read once now
   * @param option the option that named it, for errors
   * @return the store
   */
  static SecurityStore reloading(Path file, String option) {
    return new Reloading(file, option);
  }

  private static final class Reloading implements SecurityStore {
    private final Path file;
    private final String option;
    private Map<String, PskCredential> byIdentity;
    private FileTime modified;

    Reloading(Path file, String option) {
      this.file = file;
      this.option = option;
      this.modified = modified();
      this.byIdentity = index(read(file, option));
    }

    private static Map<String, PskCredential> index(List<PskCredential> list) {
      Map<String, PskCredential> m = new LinkedHashMap<>();
      list.forEach(c -> m.put(c.identity(), c));
      return m;
    }

    private FileTime modified() {
      try {
        return Files.getLastModifiedTime(file);
      } catch (IOException e) {
        return FileTime.fromMillis(0);
      }
    }

    @Override
    public synchronized Optional<PskCredential> byIdentity(String identity) {
      PskCredential c = byIdentity.get(identity);
      if (c == null) {
        FileTime now = modified();
        if (!now.equals(modified)) {
          try {
            byIdentity = index(read(file, option));
            modified = now;
          } catch (CliException e) {
            // a half-written or broken file: keep the keys known so far
            org.slf4j.LoggerFactory.getLogger(PskFile.class)
                .info("PSK file not reloaded: {}", e.getMessage());
          }
          c = byIdentity.get(identity);
        }
      }
      return Optional.ofNullable(c);
    }
  }
}
