/**
 * The fleet benchmark of issue #9: the platform role (LwM2M server, campaign engine, in-memory
 * store) and N emulated devices' CoAP side on loopback in one JVM, one task over all of them, and a
 * bare Californium Block2 baseline measured in the same run. Started by {@link
 * io.dfota.bench.fleet.FleetBenchmark}; see BENCHMARKS.md.
 */
@NullMarked
package io.dfota.bench.fleet;

import org.jspecify.annotations.NullMarked;
