/** Implementation classes of dfota-core; not API, may change without notice. */
@NullMarked
package io.dfota.core.internal;

import org.jspecify.annotations.NullMarked;
