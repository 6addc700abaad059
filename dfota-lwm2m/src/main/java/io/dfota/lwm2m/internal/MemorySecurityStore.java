package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.SecurityStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link SecurityStore.Editable} on a concurrent map. */
public final class MemorySecurityStore implements SecurityStore.Editable {
  private final Map<String, PskCredential> byIdentity = new ConcurrentHashMap<>();

  @Override
  public Optional<PskCredential> byIdentity(String identity) {
    return Optional.ofNullable(byIdentity.get(identity));
  }

  @Override
  public void put(PskCredential credential) {
    Objects.requireNonNull(credential, "credential");
    byIdentity.put(credential.identity(), credential);
  }

  @Override
  public boolean remove(String identity) {
    return byIdentity.remove(identity) != null;
  }

  @Override
  public int size() {
    return byIdentity.size();
  }

  @Override
  public String toString() {
    return "MemorySecurityStore[" + byIdentity.size() + " identities]";
  }
}
