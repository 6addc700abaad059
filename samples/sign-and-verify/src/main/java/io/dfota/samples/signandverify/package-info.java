/**
 * Sample: the signing API of dfota-signing in a dozen lines (protocol-notes §1.1 "Keys", "Signing",
 * §5.3): generate a key pair, zip the delta {@code .bin}, sign the zip, verify the signed zip.
 */
@NullMarked
package io.dfota.samples.signandverify;

import org.jspecify.annotations.NullMarked;
