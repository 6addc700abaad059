/**
 * Sample: the smallest program that embeds the platform role (dfota-platform's catalogue and
 * campaign engine over the dfota-lwm2m server) and upgrades a few emulated BC35-G modules
 * (dfota-emulator) the way the seed runs a DFOTA task (protocol-notes §1.1, §1.2).
 */
@NullMarked
package io.dfota.samples.quickstart;

import org.jspecify.annotations.NullMarked;
