/** Implementation of the module emulator; not API. */
@NullMarked
package io.dfota.emulator.internal;

import org.jspecify.annotations.NullMarked;
