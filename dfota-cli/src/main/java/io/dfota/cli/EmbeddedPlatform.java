package io.dfota.cli;

import io.dfota.core.Scheduler;
import io.dfota.lwm2m.CoapTiming;
import io.dfota.lwm2m.Lwm2mServer;
import io.dfota.lwm2m.SecurityStore;
import io.dfota.platform.CampaignEngine;
import io.dfota.platform.CampaignListener;
import io.dfota.platform.CampaignStore;
import io.dfota.platform.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform role in one process (protocol-notes §4): a JDBC campaign store on embedded H2 under
 * the data directory, the catalogue (profiles, keys, packages, groups), the dfota-lwm2m server on a
 * loopback UDP port and the campaign engine driving the server's fleet. Used by {@code dfota demo}
 * and {@code dfota platform}.
 */
final class EmbeddedPlatform implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPlatform.class);

  /** The H2 database file name under {@code DATA/db}. */
  static final String DATABASE = "dfota";

  private final ScheduledExecutorService executor;
  private final CampaignStore store;
  private final Catalog catalog;
  private final Lwm2mServer server;
  private final CampaignEngine engine;
  private boolean secure;

  private EmbeddedPlatform(
      ScheduledExecutorService executor,
      CampaignStore store,
      Catalog catalog,
      Lwm2mServer server,
      CampaignEngine engine) {
    this.executor = executor;
    this.store = store;
    this.catalog = catalog;
    this.server = server;
    this.engine = engine;
  }

  /**
   * Opens the store, binds the LwM2M server and starts the engine (which resumes stored tasks).
   *
   * @param data the data directory
   * @param host the address to bind
   * @param port the UDP port, 0 for one from the OS
   * @param listener a progress listener, added before the engine resumes anything
   * @return the running platform
   */
  static EmbeddedPlatform start(Path data, InetAddress host, int port, CampaignListener listener) {
    return start(data, host, port, listener, null, b -> {});
  }

  /**
   * Opens the store, binds the LwM2M server with the given CoAP timing and starts the engine.
   *
   * @param data the data directory
   * @param host the address to bind
   * @param port the UDP port, 0 for one from the OS
   * @param listener a progress listener, added before the engine resumes anything
   * @param timing the CoAP transmission parameters of the server (docs/coap-timing.md)
   * @return the running platform
   */
  static EmbeddedPlatform start(
      Path data, InetAddress host, int port, CampaignListener listener, CoapTiming timing) {
    return start(data, host, port, listener, null, b -> b.coapTiming(timing));
  }

  /**
   * Opens the store, binds the LwM2M server as {@code server} sets it up and starts the engine.
   *
   * @param data the data directory
   * @param host the address to bind
   * @param port the UDP port, 0 for one from the OS
   * @param listener a progress listener, added before the engine resumes anything
   * @param server adds settings to the server's builder (CoAP timing, interceptors)
   * @return the running platform
   */
  static EmbeddedPlatform start(
      Path data,
      InetAddress host,
      int port,
      CampaignListener listener,
      Consumer<Lwm2mServer.Builder> server) {
    return start(data, host, port, listener, null, server);
  }

  /**
   * Opens the store, binds the LwM2M server as {@code server} sets it up and starts the engine.
   *
   * @param data the data directory
   * @param host the address to bind
   * @param port the UDP port, 0 for one from the OS
   * @param listener a progress listener, added before the engine resumes anything
   * @param security the DTLS security store, or null for plain CoAP
   * @param server adds settings to the server's builder (CoAP timing, interceptors)
   * @return the running platform
   */
  static EmbeddedPlatform start(
      Path data,
      InetAddress host,
      int port,
      CampaignListener listener,
      @Nullable SecurityStore security,
      Consumer<Lwm2mServer.Builder> server) {
    try {
      Files.createDirectories(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dfota-platform");
              t.setDaemon(true);
              return t;
            });
    Scheduler scheduler = Scheduler.of(executor);
    String url = "jdbc:h2:file:" + data.resolve("db").resolve(DATABASE).toAbsolutePath();
    CampaignStore store = CampaignStore.jdbc(url, "sa", "");
    Lwm2mServer lwm2m = null;
    try {
      Catalog catalog =
          Catalog.builder()
              .store(store)
              .dataDir(data.resolve("packages"))
              .scheduler(scheduler)
              .build();
      Lwm2mServer.Builder builder =
          Lwm2mServer.builder()
              .localAddress(new InetSocketAddress(host, port))
              .scheduler(scheduler);
      if (security != null) {
        builder.dtls(security);
      }
      server.accept(builder);
      lwm2m = builder.build();
      lwm2m.start();
      CampaignEngine engine =
          CampaignEngine.builder()
              .store(store)
              .catalog(catalog)
              .fleet(lwm2m.fleet())
              .scheduler(scheduler)
              .listener(listener)
              .build();
      engine.start();
      LOG.info("platform started: LwM2M on {}, data in {}", lwm2m.localAddress(), data);
      EmbeddedPlatform p = new EmbeddedPlatform(executor, store, catalog, lwm2m, engine);
      p.secure = security != null;
      return p;
    } catch (RuntimeException e) {
      if (lwm2m != null) {
        lwm2m.stop();
      }
      store.close();
      executor.shutdownNow();
      throw e;
    }
  }

  Catalog catalog() {
    return catalog;
  }

  CampaignEngine engine() {
    return engine;
  }

  Lwm2mServer server() {
    return server;
  }

  InetSocketAddress address() {
    return server.localAddress();
  }

  /** Returns the scheme of the LwM2M server's URIs, {@code coap} or {@code coaps}. */
  String scheme() {
    return secure ? "coaps" : "coap";
  }

  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      try {
        server.stop();
      } finally {
        try {
          store.close();
        } finally {
          executor.shutdownNow();
          try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          LOG.info("platform stopped");
        }
      }
    }
  }
}
