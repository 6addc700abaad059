/** Implementation of dfota-lwm2m: the CoAP bindings and the small LwM2M codecs. Not an API. */
@NullMarked
package io.dfota.lwm2m.internal;

import org.jspecify.annotations.NullMarked;
