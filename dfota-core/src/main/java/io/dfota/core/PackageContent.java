package io.dfota.core;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of a firmware package as the package server reads them: random access by offset, so
 * that a Block2 request never loads the whole package.
 */
public interface PackageContent {

  /**
   * Returns the package id, stable for the package's lifetime.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the package size in bytes.
   *
   * @return the size
   */
  long size();

  /**
   * Returns the SHA-256 of the package bytes, lower-case hex; a prefix serves as the CoAP ETag.
   *
   * @return 64 hex characters
   */
  String sha256Hex();

  /**
   * Reads up to {@code dst.remaining()} bytes starting at {@code offset} into {@code dst}.
   *
   * @param offset the position, 0 to {@link #size()}
   * @param dst the buffer
   * @return the number of bytes read, 0 at the end
   * @throws IOException if the storage fails
   */
  int read(long offset, ByteBuffer dst) throws IOException;
}
