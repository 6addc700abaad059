package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.Registration;
import io.dfota.lwm2m.SecurityStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Registration Interface ({@code /rd}): {@code POST /rd?ep=&lt=&b=&lwm2m=} registers, {@code
 * POST /rd/<id>} updates and {@code DELETE /rd/<id>} de-registers (protocol-notes §4.1). Every
 * malformed request gets 4.00.
 */
final class RdResource extends CoapResource {
  private static final Logger LOG = LoggerFactory.getLogger(RdResource.class);

  /** Longest lifetime accepted: ten years. */
  static final long MAX_LIFETIME_S = 10L * 365 * 86400;

  static final int MAX_ENDPOINT = 64;

  private final RegistryImpl registry;

  /** The DTLS security store, or null on plain CoAP. */
  private final @Nullable SecurityStore security;

  RdResource(RegistryImpl registry) {
    this(registry, null);
  }

  /**
   * Creates the resource; with a security store, only the endpoint a request's PSK identity maps to
   * may be registered, updated or de-registered (4.03 otherwise).
   */
  RdResource(RegistryImpl registry, @Nullable SecurityStore security) {
    super("rd");
    this.registry = registry;
    this.security = security;
  }

  /**
   * Checks that the PSK identity of a request maps to the endpoint; answers 4.03 and logs once when
   * it does not.
   */
  private boolean mayActAs(CoapExchange exchange, String endpoint, String action) {
    SecurityStore store = security;
    if (store == null) {
      return true;
    }
    Optional<String> identity =
        DtlsSupport.pskIdentity(exchange.advanced().getRequest().getSourceContext());
    Optional<PskCredential> credential = identity.flatMap(store::byIdentity);
    if (credential.isPresent() && credential.get().endpoint().equals(endpoint)) {
      return true;
    }
    LOG.info(
        "{} {} refused: PSK identity {} maps to {}",
        action,
        endpoint,
        identity.orElse("(none)"),
        credential.map(PskCredential::endpoint).orElse("(nothing)"));
    exchange.respond(ResponseCode.FORBIDDEN, "PSK identity may not " + action + " this endpoint");
    return false;
  }

  @Override
  public Resource getChild(String name) {
    Resource existing = super.getChild(name);
    if (existing != null) {
      return existing;
    }
    return registry.byId(name).isPresent() ? new RegistrationNode(name) : null;
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    String ep = null;
    Long lt = 86400L;
    String binding = "U";
    String version = "1.0";
    for (String q : exchange.getRequestOptions().getUriQuery()) {
      int eq = q.indexOf('=');
      String key = eq < 0 ? q : q.substring(0, eq);
      String value = eq < 0 ? "" : q.substring(eq + 1);
      switch (key) {
        case "ep" -> ep = value;
        case "lt" -> lt = parseLifetime(value);
        case "b" -> binding = value;
        case "lwm2m" -> version = value;
        default -> {}
      }
    }
    if (ep == null || ep.isEmpty() || ep.length() > MAX_ENDPOINT) {
      exchange.respond(ResponseCode.BAD_REQUEST, "ep: missing or longer than " + MAX_ENDPOINT);
      return;
    }
    if (lt == null) {
      exchange.respond(ResponseCode.BAD_REQUEST, "lt: expected 1.." + MAX_LIFETIME_S);
      return;
    }
    if (binding.isEmpty() || binding.length() > 3) {
      exchange.respond(ResponseCode.BAD_REQUEST, "b: expected U, UQ, S, SQ, US or UQS");
      return;
    }
    Optional<List<String>> links = links(exchange);
    if (links.isEmpty()) {
      exchange.respond(ResponseCode.BAD_REQUEST, "payload: expected CoRE link format");
      return;
    }
    if (!mayActAs(exchange, ep, "register")) {
      return;
    }
    InetSocketAddress peer = exchange.getSourceSocketAddress();
    Registration reg =
        registry.register(ep, peer, Duration.ofSeconds(lt), binding, version, links.get());
    if (reg == null) {
      exchange.respond(ResponseCode.SERVICE_UNAVAILABLE, "registry full");
      return;
    }
    exchange.setLocationPath("rd/" + reg.id());
    exchange.respond(ResponseCode.CREATED);
  }

  private static @Nullable Long parseLifetime(String value) {
    try {
      long v = Long.parseLong(value);
      return v >= 1 && v <= MAX_LIFETIME_S ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Optional<List<String>> links(CoapExchange exchange) {
    int cf = exchange.getRequestOptions().getContentFormat();
    byte[] payload = exchange.getRequestPayload();
    if (payload.length == 0) {
      return Optional.of(List.of());
    }
    if (cf != MediaTypeRegistry.UNDEFINED && cf != MediaTypeRegistry.APPLICATION_LINK_FORMAT) {
      return Optional.empty();
    }
    return LinkFormat.parseObjectLinks(new String(payload, StandardCharsets.UTF_8));
  }

  /** {@code /rd/<id>}: update and de-register. */
  private final class RegistrationNode extends CoapResource {
    RegistrationNode(String id) {
      super(id);
      setParent(RdResource.this);
    }

    /** The endpoint of this registration may be acted on by the request's identity. */
    private boolean permitted(CoapExchange exchange, String action) {
      if (security == null) {
        return true;
      }
      Optional<Registration> reg = registry.byId(getName());
      if (reg.isEmpty()) {
        exchange.respond(ResponseCode.NOT_FOUND);
        return false;
      }
      return mayActAs(exchange, reg.get().endpoint(), action);
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      if (!permitted(exchange, "update the registration of")) {
        return;
      }
      Duration lifetime = null;
      String binding = null;
      for (String q : exchange.getRequestOptions().getUriQuery()) {
        if (q.startsWith("lt=")) {
          Long lt = parseLifetime(q.substring(3));
          if (lt == null) {
            exchange.respond(ResponseCode.BAD_REQUEST, "lt: expected 1.." + MAX_LIFETIME_S);
            return;
          }
          lifetime = Duration.ofSeconds(lt);
        } else if (q.startsWith("b=")) {
          binding = q.substring(2);
          if (binding.isEmpty() || binding.length() > 3) {
            exchange.respond(ResponseCode.BAD_REQUEST, "b: expected U, UQ, S, SQ, US or UQS");
            return;
          }
        }
      }
      List<String> newLinks = null;
      if (exchange.getRequestPayloadSize() > 0) {
        Optional<List<String>> l = links(exchange);
        if (l.isEmpty()) {
          exchange.respond(ResponseCode.BAD_REQUEST, "payload: expected CoRE link format");
          return;
        }
        newLinks = l.get();
      }
      Optional<Registration> r =
          registry.update(
              getName(), exchange.getSourceSocketAddress(), lifetime, binding, newLinks);
      exchange.respond(r.isPresent() ? ResponseCode.CHANGED : ResponseCode.NOT_FOUND);
    }

    @Override
    public void handleDELETE(CoapExchange exchange) {
      if (!permitted(exchange, "de-register")) {
        return;
      }
      exchange.respond(
          registry.deregister(getName()).isPresent()
              ? ResponseCode.DELETED
              : ResponseCode.NOT_FOUND);
    }
  }
}
