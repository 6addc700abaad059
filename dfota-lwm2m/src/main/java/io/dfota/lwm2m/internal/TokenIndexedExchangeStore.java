package io.dfota.lwm2m.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.KeyMID;
import org.eclipse.californium.core.network.KeyToken;
import org.eclipse.californium.core.network.MessageExchangeStore;
import org.jspecify.annotations.Nullable;

/**
 * Californium's {@link MessageExchangeStore} with an index of the outbound requests' exchanges by
 * token: {@link #findByToken} (used by {@code CoapEndpoint.cancelObservation}, which the server
 * calls for every cancelled or replaced observation, RFC 7641 §3.6) looks the token up instead of
 * scanning every exchange of the endpoint, which made a campaign's cancels O(N²) in the number of
 * observed devices (every {@code /5/0/3} and {@code /19/0/0} observation keeps its exchange in the
 * store). Everything else is delegated.
 */
final class TokenIndexedExchangeStore implements MessageExchangeStore {
  private final MessageExchangeStore delegate;
  private final Map<Token, Set<Exchange>> byToken = new ConcurrentHashMap<>();

  TokenIndexedExchangeStore(MessageExchangeStore delegate) {
    this.delegate = delegate;
  }

  /** Returns how many tokens are indexed (for tests). */
  int indexedTokens() {
    return byToken.size();
  }

  private void index(Exchange exchange) {
    Request req = exchange.getRequest();
    @Nullable Token token = req == null ? null : req.getToken();
    if (token != null) {
      byToken.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet()).add(exchange);
    }
  }

  private void unindex(Token token, Exchange exchange) {
    byToken.computeIfPresent(
        token,
        (t, set) -> {
          set.remove(exchange);
          return set.isEmpty() ? null : set;
        });
  }

  @Override
  public void start() {
    delegate.start();
  }

  @Override
  public void stop() {
    delegate.stop();
    byToken.clear();
  }

  @Override
  public int assignMessageId(Message message) {
    return delegate.assignMessageId(message);
  }

  @Override
  public boolean registerOutboundRequest(Exchange exchange) {
    boolean ok = delegate.registerOutboundRequest(exchange);
    if (ok) {
      index(exchange);
    }
    return ok;
  }

  @Override
  public boolean registerOutboundRequestWithTokenOnly(Exchange exchange) {
    boolean ok = delegate.registerOutboundRequestWithTokenOnly(exchange);
    if (ok) {
      index(exchange);
    }
    return ok;
  }

  @Override
  public boolean registerOutboundResponse(Exchange exchange) {
    return delegate.registerOutboundResponse(exchange);
  }

  @Override
  public void remove(KeyToken token, Exchange exchange) {
    delegate.remove(token, exchange);
    unindex(token.getToken(), exchange);
  }

  @Override
  public @Nullable Exchange remove(KeyMID mid, Exchange exchange) {
    return delegate.remove(mid, exchange);
  }

  @Override
  public @Nullable Exchange get(KeyToken token) {
    return delegate.get(token);
  }

  @Override
  public @Nullable Exchange get(KeyMID mid) {
    return delegate.get(mid);
  }

  @Override
  public @Nullable Exchange findPrevious(KeyMID mid, Exchange exchange) {
    return delegate.findPrevious(mid, exchange);
  }

  @Override
  public boolean replacePrevious(KeyMID mid, Exchange previous, Exchange exchange) {
    return delegate.replacePrevious(mid, previous, exchange);
  }

  @Override
  public @Nullable Exchange find(KeyMID mid) {
    return delegate.find(mid);
  }

  @Override
  public boolean isEmpty() {
    return delegate.isEmpty();
  }

  @Override
  public List<Exchange> findByToken(Token token) {
    List<Exchange> out = new ArrayList<>();
    Set<Exchange> set = byToken.get(token);
    if (set != null) {
      for (Exchange e : set) {
        if (e.isComplete()) {
          unindex(token, e);
        } else if (e.isOfLocalOrigin()) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Override
  public void setExecutor(ScheduledExecutorService executor) {
    delegate.setExecutor(executor);
  }
}
