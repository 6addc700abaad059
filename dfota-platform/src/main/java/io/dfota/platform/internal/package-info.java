/** Implementations of the dfota-platform API; not exported. */
@NullMarked
package io.dfota.platform.internal;

import org.jspecify.annotations.NullMarked;
