/** The BC35-G / BC28 / BC95 R2.0 module emulator and fleet simulator. */
@NullMarked
package io.dfota.emulator;

import org.jspecify.annotations.NullMarked;
