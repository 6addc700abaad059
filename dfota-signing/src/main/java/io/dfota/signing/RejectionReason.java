package io.dfota.signing;

/**
 * Why a signed package was rejected: the first failed check of the QSIG/1 verification order
 * (protocol-notes §5.3 step 6; the format is documented in {@code docs/signed-package-format.md}).
 */
public enum RejectionReason {
  /** The file, an entry or the sum of entries is larger than the limits allow. */
  TOO_LARGE,
  /** The archive has more entries than the limits allow. */
  TOO_MANY_ENTRIES,
  /** An entry's declared uncompressed size is too large for its compressed size. */
  ZIP_BOMB,
  /** An entry name is absolute, contains {@code ..}, a backslash, a drive letter or a control. */
  UNSAFE_PATH,
  /** Two entries have the same name. */
  DUPLICATE_ENTRY,
  /** An entry is encrypted. */
  ENCRYPTED_ENTRY,
  /** The bytes are not a canonical QSIG/1 zip archive (truncated, altered structure, ...). */
  MALFORMED_ZIP,
  /** {@code META-INF/QSIG.MF.json} is absent. */
  MANIFEST_MISSING,
  /** The manifest is not valid QSIG/1 JSON. */
  MANIFEST_INVALID,
  /** {@code META-INF/QSIG.SIG} is absent. */
  SIGNATURE_MISSING,
  /** No trusted key has the manifest's key id. */
  UNKNOWN_KEY,
  /** The manifest's manufacturer is not the key's or the expected manufacturer. */
  MANUFACTURER_MISMATCH,
  /** The manifest's algorithm does not fit the trusted key. */
  ALGORITHM_MISMATCH,
  /** The signature over the manifest bytes does not verify. */
  BAD_SIGNATURE,
  /** An entry's SHA-256 or CRC-32 differs from the manifest or the archive. */
  DIGEST_MISMATCH,
  /** An entry's size differs from the manifest. */
  SIZE_MISMATCH,
  /** An entry is present in the archive but not listed in the manifest. */
  UNLISTED_ENTRY,
  /** The manifest lists an entry that the archive lacks. */
  MISSING_ENTRY,
  /** The package policy failed (by default: exactly one top-level {@code .bin}). */
  POLICY_VIOLATION,
  /** The file could not be read (missing, not a regular file, I/O error). */
  UNREADABLE
}
