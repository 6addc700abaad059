/**
 * Density and dispatch measurements of the platform role (issue #9): heap per managed device in the
 * LwM2M registry and the campaign store and engine, and device starts per second of the campaign
 * engine over a fleet whose devices answer at once.
 */
@NullMarked
package io.dfota.bench.density;

import org.jspecify.annotations.NullMarked;
