/** The platform's campaign management (protocol-notes §1.1, §1.2, §4). */
@NullMarked
package io.dfota.platform;

import org.jspecify.annotations.NullMarked;
