package io.dfota.lwm2m.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.RandomTokenGenerator;
import org.eclipse.californium.core.network.TokenGenerator;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token index that spares the server's observation cancels a scan of every exchange. */
class TokenIndexedExchangeStoreTest {
  private static final Executor DIRECT = Runnable::run;

  private TokenIndexedExchangeStore store;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void start() {
    Configuration config = CoapSupport.configuration(Duration.ofSeconds(2), 4, 1);
    TokenGenerator generator = new RandomTokenGenerator(config);
    store =
        new TokenIndexedExchangeStore(new InMemoryMessageExchangeStore("test", config, generator));
    store.setExecutor(timer);
    store.start();
  }

  @AfterEach
  void stop() {
    store.stop();
    timer.shutdownNow();
  }

  private Exchange outbound(int port) {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    Request req = Request.newGet();
    req.setObserve();
    req.setDestinationContext(new AddressEndpointContext(peer));
    Exchange e = new Exchange(req, peer, Exchange.Origin.LOCAL, DIRECT);
    boolean[] ok = {false};
    e.execute(() -> ok[0] = store.registerOutboundRequest(e)); // on the exchange's own executor
    assertTrue(ok[0]);
    return e;
  }

  @Test
  void findsExactlyTheExchangesOfAToken() {
    List<Exchange> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(outbound(20_000 + i));
    }
    for (Exchange e : all) {
      assertEquals(List.of(e), store.findByToken(e.getRequest().getToken()));
    }
    assertEquals(200, store.indexedTokens());
  }

  @Test
  void forgetsAnExchangeTheMatcherRemoved() {
    Exchange a = outbound(20_001);
    Exchange b = outbound(20_002);
    store.remove(a.getKeyToken(), a);
    assertTrue(store.findByToken(a.getRequest().getToken()).isEmpty());
    assertEquals(List.of(b), store.findByToken(b.getRequest().getToken()));
    assertEquals(1, store.indexedTokens());
  }

  @Test
  void dropsACompletedExchangeWhenLookedUp() {
    Exchange a = outbound(20_003);
    a.executeComplete();
    assertTrue(store.findByToken(a.getRequest().getToken()).isEmpty());
    assertEquals(0, store.indexedTokens());
  }
}
