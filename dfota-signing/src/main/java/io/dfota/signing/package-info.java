/** Keys, the QSIG/1 signed-package format, the signer and the verifier (protocol-notes §5). */
@NullMarked
package io.dfota.signing;

import org.jspecify.annotations.NullMarked;
