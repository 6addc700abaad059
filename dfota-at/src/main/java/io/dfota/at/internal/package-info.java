/** Implementation of the dfota AT layer; not an API, never exported. */
@NullMarked
package io.dfota.at.internal;

import org.jspecify.annotations.NullMarked;
