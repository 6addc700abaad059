/**
 * Sample: a standalone platform (platform role) whose device Profile, manufacturers' public keys,
 * signed firmware packages and optional batch task are loaded from a directory (protocol-notes
 * §1.1, §1.2), serving LwM2M (dfota-lwm2m) on a configurable UDP port, default 5683 on 127.0.0.1.
 */
@NullMarked
package io.dfota.samples.platformserver;

import org.jspecify.annotations.NullMarked;
