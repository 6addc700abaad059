package io.dfota.lwm2m.internal;

import io.dfota.core.PackageContent;
import io.dfota.lwm2m.Lwm2mException;
import io.dfota.lwm2m.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Block2 package server ({@code /fw/<opaque>} on the LwM2M endpoint; protocol-notes §3.4, P11):
 * any SZX 16..1024 with early negotiation (the server's maximum wins), ETag (first 8 bytes of the
 * SHA-256), Size2, bytes read per block from {@link PackageContent}. Only a registered device
 * allowed for the package may download (4.03 otherwise); an unknown package gets 4.04, a block past
 * the end or SZX 7 4.02; each refusal is logged once ({@link Refusals}).
 */
final class PackageServer extends CoapResource {
  private static final Logger LOG = LoggerFactory.getLogger(PackageServer.class);

  /** ETag length: a prefix of the SHA-256. */
  static final int ETAG_BYTES = 8;

  private final RegistryImpl registry;
  private final int maxSzx;
  private final Map<String, PackageNode> byId = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> allowed = new ConcurrentHashMap<>();

  PackageServer(RegistryImpl registry, int maxBlockSize) {
    super("fw");
    this.registry = registry;
    this.maxSzx = BlockOption.size2Szx(maxBlockSize);
  }

  /** Publishes a package; returns the path segment under {@code /fw}. */
  String publish(PackageContent content) {
    PackageNode node =
        byId.computeIfAbsent(
            content.id(),
            id -> {
              PackageNode n = new PackageNode(segment(id), content);
              add(n);
              return n;
            });
    return node.getName();
  }

  void allow(String endpoint, String packageId) {
    allowed.computeIfAbsent(endpoint, e -> ConcurrentHashMap.newKeySet()).add(packageId);
  }

  void revoke(String endpoint, String packageId) {
    Set<String> s = allowed.get(endpoint);
    if (s != null) {
      s.remove(packageId);
    }
  }

  /** An unknown package: 4.04, logged once. */
  @Override
  public Resource getChild(String name) {
    Resource existing = super.getChild(name);
    return existing != null ? existing : new UnknownPackage(name);
  }

  private static void refuse(CoapExchange exchange, ResponseCode code, String reason) {
    Refusals.log(exchange, code, reason);
    exchange.respond(code, reason);
  }

  private static String segment(String id) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new Lwm2mException("SHA-256: not available (expected: in every JDK)", e);
    }
  }

  /** A path under {@code /fw} that names no published package. */
  private final class UnknownPackage extends CoapResource {
    UnknownPackage(String name) {
      super(name);
      setParent(PackageServer.this);
      setVisible(false);
    }

    @Override
    public void handleRequest(org.eclipse.californium.core.network.Exchange exchange) {
      refuse(new CoapExchange(exchange), ResponseCode.NOT_FOUND, "no such package");
    }
  }

  /** One published package. */
  private final class PackageNode extends CoapResource {
    private final PackageContent content;
    private final byte[] etag;

    PackageNode(String name, PackageContent content) {
      super(name);
      this.content = content;
      String sha = content.sha256Hex();
      if (sha.length() < 2 * ETAG_BYTES) {
        throw new Lwm2mException(
            "sha256Hex: " + sha.length() + " characters (expected: 64 hex digits)");
      }
      this.etag = HexFormat.of().parseHex(sha, 0, 2 * ETAG_BYTES);
    }

    @Override
    public void handleGET(CoapExchange exchange) {
      Optional<Registration> reg = registry.byAddress(exchange.getSourceSocketAddress());
      if (reg.isEmpty()) {
        refuse(exchange, ResponseCode.FORBIDDEN, "not registered");
        return;
      }
      Set<String> ok = allowed.get(reg.get().endpoint());
      if (ok == null || !ok.contains(content.id())) {
        refuse(
            exchange,
            ResponseCode.FORBIDDEN,
            reg.get().endpoint() + " has no active task for this package");
        return;
      }
      int szx = maxSzx;
      long offset = 0;
      BlockOption requested = exchange.getRequestOptions().getBlock2();
      if (requested != null) {
        if (requested.isBERT()) {
          refuse(exchange, ResponseCode.BAD_OPTION, "Block2: SZX 7 (BERT) is for TCP only");
          return;
        }
        offset = requested.getOffset();
        szx = Math.min(requested.getSzx(), maxSzx);
      }
      int size = 1 << (szx + 4);
      long total = content.size();
      if (offset > 0 && offset >= total) {
        refuse(
            exchange,
            ResponseCode.BAD_OPTION,
            "Block2: offset " + offset + " past the end " + total);
        return;
      }
      int n = (int) Math.min(size, total - offset);
      ByteBuffer buf = ByteBuffer.allocate(n);
      try {
        while (buf.hasRemaining()) {
          int r = content.read(offset + buf.position(), buf);
          if (r <= 0) {
            break;
          }
        }
      } catch (IOException e) {
        LOG.warn("package {}: read at {} failed", content.id(), offset, e);
        exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR);
        return;
      }
      if (buf.hasRemaining()) {
        LOG.warn("package {}: short read at {}", content.id(), offset);
        exchange.respond(ResponseCode.INTERNAL_SERVER_ERROR);
        return;
      }
      boolean more = offset + n < total;
      Response response = new Response(ResponseCode.CONTENT);
      response.setPayload(buf.array());
      response.getOptions().setContentFormat(42);
      response.getOptions().addETag(etag.clone());
      response.getOptions().setBlock2(szx, more, (int) (offset / size));
      response.getOptions().setSize2((int) Math.min(Integer.MAX_VALUE, total));
      exchange.respond(response);
    }
  }
}
