package io.dfota.lwm2m.internal;

import io.dfota.lwm2m.ContentFormat;
import io.dfota.lwm2m.Lwm2mContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.observe.ObserveRelation;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.jspecify.annotations.Nullable;

/**
 * One LwM2M resource ({@code /<object>/<instance>/<resource>}) served by the device role: read
 * (text, TLV, opaque), write, execute and observe, per its {@link Kind}. Unsupported operations get
 * 4.05, unsupported formats 4.06 / 4.15, malformed payloads 4.00.
 */
final class LeafNode extends CoapResource {

  /** The LwM2M resource type, which decides the formats. */
  enum Kind {
    STRING,
    INTEGER,
    OPAQUE,
    MULTI_INTEGER,
    EXECUTE
  }

  /** What a write handler answers. */
  interface Writer {
    ResponseCode write(Lwm2mContent value);
  }

  /** Observe-relation hooks. */
  interface ObserveHooks {
    void added();

    void removed();
  }

  static final int MAX_WRITE_BYTES = 1024;

  private final int id;
  private final Kind kind;
  private final @Nullable Supplier<@Nullable Object> reader;
  private final @Nullable Writer writer;
  private final @Nullable Function<byte[], ResponseCode> executor;
  private volatile @Nullable ObserveHooks hooks;

  LeafNode(
      int id,
      Kind kind,
      @Nullable Supplier<@Nullable Object> reader,
      @Nullable Writer writer,
      @Nullable Function<byte[], ResponseCode> executor) {
    super(Integer.toString(id));
    this.id = id;
    this.kind = kind;
    this.reader = reader;
    this.writer = writer;
    this.executor = executor;
  }

  int id() {
    return id;
  }

  boolean readable() {
    return reader != null;
  }

  void observable(Type type, ObserveHooks hooks) {
    setObservable(true);
    setObserveType(type);
    this.hooks = hooks;
  }

  @Override
  public void removeObserveRelation(ObserveRelation relation) {
    super.removeObserveRelation(relation);
    ObserveHooks h = hooks;
    if (h != null) {
      h.removed();
    }
  }

  /** Returns the TLV encoding of this resource's current value, or empty if not readable. */
  Optional<byte[]> tlv() {
    Object v = reader == null ? null : reader.get();
    return v == null ? Optional.empty() : Optional.of(encodeTlv(v));
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    if (reader == null) {
      exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
      return;
    }
    Object v = reader.get();
    if (v == null) {
      exchange.respond(ResponseCode.NOT_FOUND);
      return;
    }
    int accept = exchange.getRequestOptions().getAccept();
    ContentFormat format;
    if (accept == MediaTypeRegistry.UNDEFINED) {
      format =
          switch (kind) {
            case OPAQUE -> ContentFormat.OPAQUE;
            case MULTI_INTEGER -> ContentFormat.TLV;
            default -> ContentFormat.TEXT;
          };
    } else {
      Optional<ContentFormat> f = ContentFormat.fromCode(accept);
      if (f.isEmpty() || !supports(f.get())) {
        exchange.respond(ResponseCode.NOT_ACCEPTABLE);
        return;
      }
      format = f.get();
    }
    byte[] payload =
        switch (format) {
          case TLV -> encodeTlv(v);
          case OPAQUE -> (byte[]) v;
          default -> String.valueOf(v).getBytes(StandardCharsets.UTF_8);
        };
    Response response = new Response(ResponseCode.CONTENT);
    response.setPayload(payload);
    response.getOptions().setContentFormat(format.code());
    ObserveRelation relation = exchange.advanced().getRelation();
    ObserveHooks h = hooks;
    if (h != null && relation != null && !relation.isEstablished()) {
      // report the new observation once its first response is on the wire, so that a
      // notification sent in reaction to the report cannot overtake that response
      response.addMessageObserver(
          new MessageObserverAdapter() {
            @Override
            public void onSent(boolean retransmission) {
              if (!retransmission && !relation.isCanceled()) {
                h.added();
              }
            }
          });
    }
    exchange.respond(response);
  }

  private boolean supports(ContentFormat f) {
    return switch (f) {
      case TLV -> true;
      case TEXT -> kind == Kind.STRING || kind == Kind.INTEGER;
      case OPAQUE -> kind == Kind.OPAQUE;
      case LINK -> false;
    };
  }

  @SuppressWarnings("unchecked")
  private byte[] encodeTlv(Object v) {
    return switch (kind) {
      case INTEGER -> Tlv.resource(id, ((Number) v).longValue());
      case OPAQUE -> Tlv.encode(Tlv.Kind.RESOURCE, id, (byte[]) v);
      case MULTI_INTEGER -> {
        List<byte[]> parts = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : ((Map<Integer, Long>) v).entrySet()) {
          parts.add(
              Tlv.encode(Tlv.Kind.RESOURCE_INSTANCE, e.getKey(), Tlv.encodeInteger(e.getValue())));
        }
        yield Tlv.encode(Tlv.Kind.MULTIPLE_RESOURCE, id, Tlv.concat(parts));
      }
      default -> Tlv.resource(id, String.valueOf(v));
    };
  }

  @Override
  public void handlePUT(CoapExchange exchange) {
    if (writer == null) {
      exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
      return;
    }
    byte[] payload = exchange.getRequestPayload();
    if (payload.length > MAX_WRITE_BYTES) {
      exchange.respond(
          ResponseCode.REQUEST_ENTITY_TOO_LARGE,
          "payload: " + payload.length + " bytes (expected: <= " + MAX_WRITE_BYTES + ")");
      return;
    }
    int cf = exchange.getRequestOptions().getContentFormat();
    ContentFormat format;
    if (cf == MediaTypeRegistry.UNDEFINED) {
      format = kind == Kind.OPAQUE ? ContentFormat.OPAQUE : ContentFormat.TEXT;
    } else {
      Optional<ContentFormat> f = ContentFormat.fromCode(cf);
      if (f.isEmpty() || f.get() == ContentFormat.LINK || !supports(f.get())) {
        exchange.respond(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        return;
      }
      format = f.get();
    }
    Lwm2mContent content = Lwm2mContent.of(format, payload);
    if (format == ContentFormat.TLV) {
      if (!(Tlv.decode(payload) instanceof Tlv.Decoded.Ok ok)
          || ok.entries().size() != 1
          || ok.entries().get(0).kind() != Tlv.Kind.RESOURCE
          || ok.entries().get(0).id() != id) {
        exchange.respond(ResponseCode.BAD_REQUEST, "TLV: expected one resource " + id);
        return;
      }
    }
    exchange.respond(writer.write(content));
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    if (executor == null) {
      exchange.respond(ResponseCode.METHOD_NOT_ALLOWED);
      return;
    }
    exchange.respond(executor.apply(exchange.getRequestPayload()));
  }
}
