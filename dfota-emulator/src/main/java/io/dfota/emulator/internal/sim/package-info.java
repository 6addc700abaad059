/** The one-thread device simulator's implementation; not part of the API. */
@NullMarked
package io.dfota.emulator.internal.sim;

import org.jspecify.annotations.NullMarked;
