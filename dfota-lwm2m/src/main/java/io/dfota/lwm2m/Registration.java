package io.dfota.lwm2m;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One device's registration with the LwM2M server (the Registration Interface, {@code POST
 * /rd?ep=<IMEI>&lt=<s>&b=U&lwm2m=1.0}; protocol-notes §4.1).
 *
 * @param endpoint the endpoint name ({@code ep}), the IMEI on Quectel modules
 * @param id the registration id, the last segment of the location path {@code /rd/<id>}
 * @param address the device's UDP address
 * @param lifetime the registration lifetime ({@code lt})
 * @param binding the binding mode ({@code b}), {@code U} for these modules
 * @param lwm2mVersion the LwM2M version ({@code lwm2m}), {@code 1.0} when absent
 * @param objectLinks the object and instance links of the payload, for example {@code /5/0}
 * @param registered when the device registered
 * @param lastUpdate when the registration was created or last updated
 */
public record Registration(
    String endpoint,
    String id,
    InetSocketAddress address,
    Duration lifetime,
    String binding,
    String lwm2mVersion,
    List<String> objectLinks,
    Instant registered,
    Instant lastUpdate) {

  /** Validates and copies. */
  public Registration {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(lwm2mVersion, "lwm2mVersion");
    Objects.requireNonNull(registered, "registered");
    Objects.requireNonNull(lastUpdate, "lastUpdate");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new Lwm2mException("lifetime: " + lifetime + " (expected: > 0)");
    }
    objectLinks = List.copyOf(objectLinks);
  }

  /**
   * Returns whether the device declared an object instance, for example {@code hasObject(5)}.
   *
   * @param objectId the object id
   * @return true when a link {@code /<objectId>} or {@code /<objectId>/<n>} is present
   */
  public boolean hasObject(int objectId) {
    String prefix = "/" + objectId;
    for (String link : objectLinks) {
      if (link.equals(prefix) || link.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }
}
