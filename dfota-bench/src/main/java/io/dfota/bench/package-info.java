/** JMH and fleet benchmarks; never deployed. */
@NullMarked
package io.dfota.bench;

import org.jspecify.annotations.NullMarked;
