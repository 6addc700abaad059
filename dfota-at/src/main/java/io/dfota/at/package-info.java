/** The AT interface of BC35-G / BC28 / BC95 R2.0 modules (protocol-notes §2). */
@NullMarked
package io.dfota.at;

import org.jspecify.annotations.NullMarked;
