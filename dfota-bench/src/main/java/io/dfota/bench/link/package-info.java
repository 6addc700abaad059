/**
 * Link-efficiency benchmark (issue #9): Block2 goodput of a device on an emulated NB-IoT link
 * against the stop-and-wait bound B / (RTT + 8·B / rate).
 */
@org.jspecify.annotations.NullMarked
package io.dfota.bench.link;
