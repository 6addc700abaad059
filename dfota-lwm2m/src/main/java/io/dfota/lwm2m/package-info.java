/** LwM2M on Eclipse Californium: the device role and the platform role (protocol-notes §3, §4). */
@NullMarked
package io.dfota.lwm2m;

import org.jspecify.annotations.NullMarked;
