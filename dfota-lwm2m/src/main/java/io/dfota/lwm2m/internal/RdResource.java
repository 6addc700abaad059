package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.PskCredential;
import io.dfota.lwm2m.Registration;
import io.dfota.lwm2m.SecurityStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.jspecify.annotations.Nullable;

/**
 * The Registration Interface ({@code /rd}): {@code POST /rd?ep=&lt=&b=&lwm2m=} registers, {@code
 * POST /rd/<id>} updates and {@code DELETE /rd/<id>} de-registers (protocol-notes §4.1). Every
 * malformed request gets 4.00, a payload over {@link LinkFormat#MAX_PAYLOAD} or in Block1 4.13, a
 * Register for an endpoint live from another host 4.03 ({@link EndpointClaims}); each refusal is
 * logged once ({@link Refusals}) and changes nothing.
 */
final class RdResource extends CoapResource {
  /** Longest lifetime accepted: ten years. */
  static final long MAX_LIFETIME_S = 10L * 365 * 86400;

  static final int MAX_ENDPOINT = 64;

  /** The registration query parameters this server reads; each may be given once. */
  private static final Set<String> PARAMS = Set.of("ep", "lt", "b", "lwm2m", "sms");

  /** The LwM2M 1.0/1.1 binding modes. */
  private static final Set<String> BINDINGS = Set.of("U", "UQ", "S", "SQ", "US", "UQS");

  private static final Pattern LIFETIME = Pattern.compile("\\+?[0-9]{1,18}");

  private static final Pattern VERSION = Pattern.compile("\\d{1,2}\\.\\d{1,2}");

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
    refuse(
        exchange,
        ResponseCode.FORBIDDEN,
        action
            + " "
            + endpoint
            + ": PSK identity "
            + identity.orElse("(none)")
            + " maps to "
            + credential.map(PskCredential::endpoint).orElse("(nothing)"));
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
    if (oversize(exchange)) {
      return;
    }
    Map<String, String> params = new HashMap<>();
    for (String q : exchange.getRequestOptions().getUriQuery()) {
      int eq = q.indexOf('=');
      String key = eq < 0 ? q : q.substring(0, eq);
      String value = eq < 0 ? "" : q.substring(eq + 1);
      if (PARAMS.contains(key) && params.put(key, value) != null) {
        refuse(exchange, ResponseCode.BAD_REQUEST, key + ": given twice (expected: once)");
        return;
      }
    }
    String ep = params.get("ep");
    if (ep == null || ep.isEmpty() || ep.length() > MAX_ENDPOINT || !printable(ep)) {
      refuse(
          exchange,
          ResponseCode.BAD_REQUEST,
          "ep: missing, longer than " + MAX_ENDPOINT + " or not printable ASCII");
      return;
    }
    Long lt = params.containsKey("lt") ? parseLifetime(params.get("lt")) : Long.valueOf(86400L);
    if (lt == null) {
      refuse(exchange, ResponseCode.BAD_REQUEST, "lt: expected 1.." + MAX_LIFETIME_S);
      return;
    }
    String binding = params.getOrDefault("b", "U");
    if (!BINDINGS.contains(binding)) {
      refuse(exchange, ResponseCode.BAD_REQUEST, "b: expected U, UQ, S, SQ, US or UQS");
      return;
    }
    String version = params.getOrDefault("lwm2m", "1.0");
    if (!VERSION.matcher(version).matches()) {
      refuse(exchange, ResponseCode.BAD_REQUEST, "lwm2m: expected a version such as 1.0");
      return;
    }
    Optional<List<String>> links = links(exchange);
    if (links.isEmpty()) {
      refuse(exchange, ResponseCode.BAD_REQUEST, "payload: expected CoRE link format");
      return;
    }
    if (!mayActAs(exchange, ep, "register")) {
      return;
    }
    InetSocketAddress peer = exchange.getSourceSocketAddress();
    RegistryImpl.Claim claim =
        registry.claim(
            ep, peer, Duration.ofSeconds(lt), binding, version, links.get(), security != null);
    if (claim instanceof RegistryImpl.Registered r) {
      exchange.setLocationPath("rd/" + r.registration().id());
      exchange.respond(ResponseCode.CREATED);
    } else if (claim instanceof RegistryImpl.Taken t) {
      refuse(exchange, ResponseCode.FORBIDDEN, t.reason());
    } else {
      refuse(exchange, ResponseCode.SERVICE_UNAVAILABLE, "registry full");
    }
  }

  /**
   * Refuses a payload over {@link LinkFormat#MAX_PAYLOAD} or sent block-wise (Block1 is not
   * supported on {@code /rd}) with 4.13 and Size1 (RFC 7959 §2.9.3).
   */
  private static boolean oversize(CoapExchange exchange) {
    if (exchange.getRequestOptions().getBlock1() == null
        && exchange.getRequestPayloadSize() <= LinkFormat.MAX_PAYLOAD) {
      return false;
    }
    Response response = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    response.getOptions().setSize1(LinkFormat.MAX_PAYLOAD);
    String reason =
        "payload: "
            + (exchange.getRequestOptions().getBlock1() != null
                ? "Block1"
                : exchange.getRequestPayloadSize() + " bytes")
            + " (expected: one datagram of at most "
            + LinkFormat.MAX_PAYLOAD
            + " bytes)";
    response.setPayload(reason);
    Refusals.log(exchange, response.getCode(), reason);
    exchange.respond(response);
    return true;
  }

  private static boolean printable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static void refuse(CoapExchange exchange, ResponseCode code, String reason) {
    Refusals.log(exchange, code, reason);
    exchange.respond(code, reason);
  }

  private static @Nullable Long parseLifetime(String value) {
    if (!LIFETIME.matcher(value).matches()) { // Long.parseLong also takes non-ASCII digits
      return null;
    }
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
      if (oversize(exchange) || !permitted(exchange, "update the registration of")) {
        return;
      }
      Duration lifetime = null;
      String binding = null;
      for (String q : exchange.getRequestOptions().getUriQuery()) {
        if (q.startsWith("lt=")) {
          Long lt = parseLifetime(q.substring(3));
          if (lt == null) {
            refuse(exchange, ResponseCode.BAD_REQUEST, "lt: expected 1.." + MAX_LIFETIME_S);
            return;
          }
          lifetime = Duration.ofSeconds(lt);
        } else if (q.startsWith("b=")) {
          binding = q.substring(2);
          if (!BINDINGS.contains(binding)) {
            refuse(exchange, ResponseCode.BAD_REQUEST, "b: expected U, UQ, S, SQ, US or UQS");
            return;
          }
        }
      }
      List<String> newLinks = null;
      if (exchange.getRequestPayloadSize() > 0) {
        Optional<List<String>> l = links(exchange);
        if (l.isEmpty()) {
          refuse(exchange, ResponseCode.BAD_REQUEST, "payload: expected CoRE link format");
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
