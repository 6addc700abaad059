/** Implementation of the QSIG/1 signed-package format; not part of the API. */
@NullMarked
package io.dfota.signing.internal;

import org.jspecify.annotations.NullMarked;
