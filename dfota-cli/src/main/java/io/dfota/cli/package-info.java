/** The {@code dfota} command line: keygen, package, sign, verify, platform, emulate, demo. */
@NullMarked
package io.dfota.cli;

import org.jspecify.annotations.NullMarked;
