package io.dfota.signing.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.dfota.signing.RejectionReason;
import io.dfota.signing.SignatureAlgorithm;
import io.dfota.signing.SigningException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The QSIG/1 manifest {@code META-INF/QSIG.MF.json} (protocol-notes §5.3 item 3): format,
 * algorithm, key id, manufacturer, creation time and every other entry with its size and SHA-256,
 * sorted by name. Written once by the signer; the verifier parses the stored bytes strictly
 * (jackson-core streaming with bounded nesting, string and number lengths, duplicate-key detection,
 * no unknown fields, no trailing content) and verifies the signature over exactly those bytes.
 *
 * @param alg the signature algorithm
 * @param keyId the signer's key id
 * @param manufacturer the manufacturer
 * @param created the creation time, whole seconds
 * @param files the listed entries, sorted by name
 */
public record Manifest(
    SignatureAlgorithm alg,
    String keyId,
    String manufacturer,
    Instant created,
    List<FileEntry> files) {

  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_MANUFACTURER = 128;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(4)
                  .maxStringLength(4096)
                  .maxNumberLength(19)
                  .maxNameLength(64)
                  .maxDocumentLength(16L * 1024 * 1024)
                  .build())
          .build();

  /** Validates and copies the components. */
  public Manifest {
    Objects.requireNonNull(alg, "alg");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(created, "created");
    files = List.copyOf(files);
  }

  /**
   * One listed entry.
   *
   * @param name the entry name
   * @param size the uncompressed size in bytes
   * @param sha256 the SHA-256 of the uncompressed bytes, lower-case hex
   */
  public record FileEntry(String name, long size, String sha256) {
    /** Validates the components. */
    public FileEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(sha256, "sha256");
      if (size < 0) {
        throw new SigningException("size: " + size + " (expected: >= 0)");
      }
    }
  }

  /**
   * Serialises the manifest: compact UTF-8 JSON, fields in a fixed order.
   *
   * @return the bytes to store and sign
   */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("format", Qsig.FORMAT);
      g.writeStringField("alg", alg.id());
      g.writeStringField("keyId", keyId);
      g.writeStringField("manufacturer", manufacturer);
      g.writeStringField("created", created.truncatedTo(ChronoUnit.SECONDS).toString());
      g.writeArrayFieldStart("files");
      for (FileEntry f : files) {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeNumberField("size", f.size());
        g.writeStringField("sha256", f.sha256());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses stored manifest bytes strictly.
   *
   * @param bytes the manifest bytes
   * @param maxFiles the most files the manifest may list
   * @return the manifest
   * @throws Rejection with {@link RejectionReason#MANIFEST_INVALID} on any deviation
   */
  public static Manifest parse(byte[] bytes, int maxFiles) throws Rejection {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalid("not UTF-8 (expected: UTF-8 JSON)");
    }
    try (JsonParser p = JSON.createParser(text)) {
      return read(p, maxFiles);
    } catch (IOException | RuntimeException e) {
      throw invalid(oneLine(e.getMessage()) + " (expected: QSIG/1 manifest JSON)");
    }
  }

  private static Manifest read(JsonParser p, int maxFiles) throws IOException, Rejection {
    expect(p, p.nextToken(), JsonToken.START_OBJECT);
    String format = null;
    String alg = null;
    String keyId = null;
    String manufacturer = null;
    String created = null;
    List<FileEntry> files = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "format":
          format = text(p, value, field);
          break;
        case "alg":
          alg = text(p, value, field);
          break;
        case "keyId":
          keyId = text(p, value, field);
          break;
        case "manufacturer":
          manufacturer = text(p, value, field);
          break;
        case "created":
          created = text(p, value, field);
          break;
        case "files":
          files = readFiles(p, value, maxFiles);
          break;
        default:
          throw invalid("field: " + EntryNames.printable(field) + " (expected: no unknown fields)");
      }
    }
    expect(p, p.currentToken(), JsonToken.END_OBJECT);
    if (p.nextToken() != null) {
      throw invalid("trailing content after the JSON object (expected: nothing)");
    }
    if (!Qsig.FORMAT.equals(required(format, "format"))) {
      throw invalid("format: " + EntryNames.printable(format) + " (expected: \"qsig/1\")");
    }
    SignatureAlgorithm algorithm;
    try {
      algorithm = SignatureAlgorithm.fromId(required(alg, "alg"));
    } catch (SigningException e) {
      throw invalid(e.getMessage());
    }
    if (!KEY_ID.matcher(required(keyId, "keyId")).matches()) {
      throw invalid("keyId: " + EntryNames.printable(keyId) + " (expected: 43 base64url chars)");
    }
    required(manufacturer, "manufacturer");
    if (manufacturer.isBlank()
        || manufacturer.length() > MAX_MANUFACTURER
        || manufacturer.chars().anyMatch(Character::isISOControl)) {
      throw invalid(
          "manufacturer: "
              + EntryNames.printable(manufacturer)
              + " (expected: 1 to 128 printable characters)");
    }
    Instant instant;
    try {
      instant = Instant.parse(required(created, "created"));
    } catch (DateTimeParseException e) {
      throw invalid("created: " + EntryNames.printable(created) + " (expected: ISO-8601 UTC)");
    }
    return new Manifest(algorithm, keyId, manufacturer, instant, required(files, "files"));
  }

  private static List<FileEntry> readFiles(JsonParser p, JsonToken value, int maxFiles)
      throws IOException, Rejection {
    expect(p, value, JsonToken.START_ARRAY);
    List<FileEntry> files = new ArrayList<>();
    Set<String> names = new HashSet<>();
    String previous = null;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (files.size() >= maxFiles) {
        throw invalid("files: more than " + maxFiles + " (expected: at most the entry limit)");
      }
      String name = null;
      Long size = null;
      String sha = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "name":
            name = text(p, t, field);
            break;
          case "size":
            expect(p, t, JsonToken.VALUE_NUMBER_INT);
            size = p.getLongValue();
            break;
          case "sha256":
            sha = text(p, t, field);
            break;
          default:
            throw invalid(
                "files field: " + EntryNames.printable(field) + " (expected: name, size, sha256)");
        }
      }
      expect(p, p.currentToken(), JsonToken.END_OBJECT);
      required(name, "files.name");
      String problem = EntryNames.problem(name);
      if (problem != null) {
        throw invalid(problem);
      }
      if (name.startsWith(Qsig.META_INF)) {
        throw invalid("files: " + EntryNames.printable(name) + " (expected: no META-INF/ entry)");
      }
      if (!names.add(name) || (previous != null && previous.compareTo(name) >= 0)) {
        throw invalid("files: " + EntryNames.printable(name) + " (expected: unique, sorted)");
      }
      previous = name;
      if (required(size, "files.size") < 0) {
        throw invalid("files.size: " + size + " (expected: >= 0)");
      }
      if (!SHA256_HEX.matcher(required(sha, "files.sha256")).matches()) {
        throw invalid("files.sha256: " + EntryNames.printable(sha) + " (expected: 64 hex chars)");
      }
      files.add(new FileEntry(name, size, sha));
    }
    expect(p, p.currentToken(), JsonToken.END_ARRAY);
    return files;
  }

  private static String text(JsonParser p, JsonToken t, String field)
      throws IOException, Rejection {
    if (t != JsonToken.VALUE_STRING) {
      throw invalid(field + ": " + t + " (expected: a string)");
    }
    return p.getText();
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected) throws Rejection {
    if (actual != expected) {
      throw invalid(
          "JSON token "
              + actual
              + " at offset "
              + p.currentTokenLocation().getCharOffset()
              + " (expected: "
              + expected
              + ")");
    }
  }

  private static <T> T required(@Nullable T value, String field) throws Rejection {
    if (value == null) {
      throw invalid(field + ": missing (expected: present)");
    }
    return value;
  }

  private static Rejection invalid(String message) {
    return new Rejection(RejectionReason.MANIFEST_INVALID, "manifest: " + message);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
