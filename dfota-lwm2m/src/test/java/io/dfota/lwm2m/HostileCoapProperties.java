package io.dfota.lwm2m;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.lwm2m.internal.LinkFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;

/**
 * Hostile CoAP at both LwM2M roles over real loopback UDP (issue #10; protocol-notes §3.4, §4.1):
 * registration queries and link-format bodies, Block2 and Observe options on the package server,
 * and arbitrary requests to the device role. Every case gets one of the documented codes within a
 * bounded time, never 5.xx, and the role goes on serving.
 */
class HostileCoapProperties {
  private static final Duration CASE_LIMIT = Duration.ofSeconds(15);
  private static final int PACKAGE_SIZE = 3000;

  private static Lwm2mServer server;
  private static Lwm2mClient client;
  private static RawPeer registrar;
  private static RawPeer downloader;
  private static RawPeer toClient;
  private static TestPackage pkg;
  private static String pkgPath;

  @BeforeContainer
  static void start() throws Exception {
    server = Loopback.server().build();
    server.start();
    client = Loopback.client(server, "ep-hostile-device").build();
    Loopback.await(client.start());
    registrar = new RawPeer(server.localAddress());
    downloader = new RawPeer(server.localAddress());
    downloader.register("ep-hostile-dl");
    pkg = TestPackage.random("hostile", PACKAGE_SIZE, 5);
    pkgPath = URI.create(server.fleet().publish(pkg)).getPath().substring(1);
    server.fleet().allowDownload("ep-hostile-dl", pkg.id());
    toClient = new RawPeer(client.localAddress());
  }

  @AfterContainer
  static void stop() {
    toClient.close();
    downloader.close();
    registrar.close();
    client.stop();
    server.stop();
  }

  private static Response send(RawPeer peer, Request req) {
    return assertTimeoutPreemptively(CASE_LIMIT, () -> peer.send(req));
  }

  // ------------------------------------------------------------ registration (server role)

  /** One query parameter, well-formed or not. */
  @Provide
  Arbitrary<String> queryParams() {
    Arbitrary<String> ep =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 50).map(i -> "ep=ep-r" + i),
            Arbitraries.just("ep="),
            Arbitraries.integers().between(60, 120).map(n -> "ep=" + "x".repeat(n)),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(s -> "ep=" + s),
            Arbitraries.of("ep=a b", "ep=a\nINFO forged", "ep=\u00e9t\u00e9", "ep=a\u0000"));
    Arbitrary<String> lt =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-10, 400_000_000L).map(v -> "lt=" + v),
            Arbitraries.of(
                "lt=", "lt=abc", "lt=99999999999999999999", "lt=1e3", "lt=+60", "lt=\u0663\u0660"));
    Arbitrary<String> b = Arbitraries.of("b=U", "b=UQ", "b=S", "b=UQS", "b=", "b=X", "b=UUUU");
    Arbitrary<String> v =
        Arbitraries.of("lwm2m=1.0", "lwm2m=1.1", "lwm2m=", "lwm2m=abc", "lwm2m=1.0.0.0.0");
    Arbitrary<String> other =
        Arbitraries.oneOf(
            Arbitraries.of("sms=+861234", "sms=", "Q", "x=y", "=", "ep"),
            Arbitraries.strings().ofMaxLength(30));
    return Arbitraries.frequencyOf(
        Tuple.of(5, ep), Tuple.of(3, lt), Tuple.of(2, b), Tuple.of(2, v), Tuple.of(2, other));
  }

  @Provide
  Arbitrary<byte[]> linkPayloads() {
    Arbitrary<String> valid =
        Arbitraries.integers()
            .between(0, 18)
            .list()
            .ofMaxSize(20)
            .map(
                ids -> {
                  List<String> paths = new ArrayList<>();
                  ids.forEach(i -> paths.add("/" + i + "/0"));
                  return LinkFormat.encode(paths);
                });
    Arbitrary<String> mutated =
        Combinators.combine(valid, Arbitraries.integers().between(0, 500), Arbitraries.chars())
            .as(
                (s, at, c) ->
                    s.isEmpty()
                        ? "" + c
                        : s.substring(0, at % s.length()) + c + s.substring(at % s.length() + 1));
    return Arbitraries.frequencyOf(
        Tuple.of(4, valid.map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(3, mutated.map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(400)),
        Tuple.of(1, Arbitraries.just(new byte[0])));
  }

  /** What the server must answer, by the documented rules of docs/reliability/hostile.md. */
  private static ResponseCode expected(List<String> query, int cf, byte[] payload, boolean block1) {
    if (block1 || payload.length > LinkFormat.MAX_PAYLOAD) {
      return ResponseCode.REQUEST_ENTITY_TOO_LARGE;
    }
    Map<String, String> p = new HashMap<>();
    for (String raw : query) {
      String q = new String(raw.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      int eq = q.indexOf('=');
      String key = eq < 0 ? q : q.substring(0, eq);
      if (Set.of("ep", "lt", "b", "lwm2m", "sms").contains(key)
          && p.put(key, eq < 0 ? "" : q.substring(eq + 1)) != null) {
        return ResponseCode.BAD_REQUEST;
      }
    }
    String ep = p.get("ep");
    boolean ok =
        ep != null
            && !ep.isEmpty()
            && ep.length() <= 64
            && ep.chars().allMatch(c -> c > 0x20 && c < 0x7f)
            && (!p.containsKey("lt") || validLifetime(p.get("lt")))
            && Set.of("U", "UQ", "S", "SQ", "US", "UQS").contains(p.getOrDefault("b", "U"))
            && p.getOrDefault("lwm2m", "1.0").matches("\\d{1,2}\\.\\d{1,2}")
            && (payload.length == 0
                || ((cf == -1 || cf == 40)
                    && LinkFormat.parseObjectLinks(new String(payload, StandardCharsets.UTF_8))
                        .isPresent()));
    return ok ? ResponseCode.CREATED : ResponseCode.BAD_REQUEST;
  }

  private static boolean validLifetime(String s) {
    return s.matches("\\+?[0-9]{1,18}")
        && Long.parseLong(s) >= 1
        && Long.parseLong(s) <= 10L * 365 * 86400;
  }

  @Property(tries = 250)
  void registrationsGetCreatedOrTheDocumentedRefusal(
      @ForAll @Size(max = 8) List<@From("queryParams") String> query,
      @ForAll("linkPayloads") byte[] payload,
      @ForAll("contentFormats") int cf,
      @ForAll("rarely") boolean blockWise,
      @ForAll boolean startValid) {
    List<String> q = new ArrayList<>();
    if (startValid) { // a well-formed registration, then the generated parameters after it
      q.add("ep=ep-v" + Math.floorMod(query.hashCode(), 40));
      q.add("lt=300");
    }
    q.addAll(query.subList(0, Math.min(query.size(), startValid ? 1 : 8)));
    if (startValid && cf >= 0) {
      cf = 40;
    }
    int block1 = blockWise ? 0 : 1;
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd");
    q.forEach(req.getOptions()::addUriQuery);
    if (cf >= 0) {
      req.getOptions().setContentFormat(cf);
    }
    if (block1 == 0) {
      req.getOptions().setBlock1(6, true, 0);
      payload = java.util.Arrays.copyOf(payload, 1024);
    }
    req.setPayload(payload);
    ResponseCode want = expected(q, cf, payload, block1 == 0);
    ResponseCode got = send(registrar, req).getCode();
    Statistics.collect(got.text);
    assertEquals(want, got, () -> "query " + q);
    if (got == ResponseCode.CREATED) {
      String ep = q.stream().filter(s -> s.startsWith("ep=")).findFirst().orElseThrow();
      assertEquals(
          registrar.address(), server.registry().get(ep.substring(3)).orElseThrow().address());
    }
  }

  @Provide
  Arbitrary<Boolean> rarely() {
    return Arbitraries.frequency(Tuple.of(1, true), Tuple.of(9, false)).withoutEdgeCases();
  }

  @Provide
  Arbitrary<Integer> contentFormats() {
    return Arbitraries.of(-1, -1, 40, 40, 0, 42, 11542, 60, 65535);
  }

  @Property(tries = 150)
  void registrationUpdatesGetChangedOrTheDocumentedRefusal(
      @ForAll @Size(max = 8) List<@From("queryParams") String> query,
      @ForAll("linkPayloads") byte[] payload,
      @ForAll("rarely") boolean unknownId) {
    boolean knownId = !unknownId;
    Registration reg = server.registry().get("ep-hostile-dl").orElseThrow();
    Request req = Request.newPost();
    req.getOptions().setUriPath("rd/" + (knownId ? reg.id() : "0123456789abcdef"));
    query.stream().limit(8).forEach(req.getOptions()::addUriQuery);
    req.getOptions().setContentFormat(40);
    req.setPayload(payload);
    ResponseCode got = send(downloader, req).getCode();
    Statistics.collect(got.text);
    assertTrue(
        Set.of(
                ResponseCode.CHANGED,
                ResponseCode.BAD_REQUEST,
                ResponseCode.NOT_FOUND,
                ResponseCode.REQUEST_ENTITY_TOO_LARGE)
            .contains(got),
        got::name);
    if (!knownId) {
      assertEquals(ResponseCode.NOT_FOUND, got);
    }
    // the registration stays the downloader's, at its address
    assertEquals(
        downloader.address(), server.registry().get("ep-hostile-dl").orElseThrow().address());
  }

  // ------------------------------------------------------------ Block2 (package server)

  @Property(tries = 200)
  void block2OptionsGetTheBlockOrBadOption(
      @ForAll @IntRange(min = 0, max = 6) int szx,
      @ForAll @IntRange(min = 0, max = 0xFFFFF) int num,
      @ForAll @IntRange(min = 0, max = 3) int near,
      @ForAll boolean more,
      @ForAll("observe") int observe) {
    int size = 16 << szx;
    // half the cases near the end of the package, the others anywhere in the 20-bit range
    int n = near == 0 ? num : num % (PACKAGE_SIZE / size + 3);
    Request req = Request.newGet();
    req.getOptions().setUriPath(pkgPath);
    req.getOptions().setBlock2(szx, more, n);
    if (observe >= 0) {
      req.getOptions().setObserve(observe);
    }
    Response r = send(downloader, req);
    Statistics.collect(r.getCode().text);
    long offset = (long) n * size;
    if (offset >= PACKAGE_SIZE) {
      assertEquals(ResponseCode.BAD_OPTION, r.getCode());
      return;
    }
    assertEquals(ResponseCode.CONTENT, r.getCode());
    int len = (int) Math.min(size, PACKAGE_SIZE - offset);
    byte[] want = new byte[len];
    System.arraycopy(pkg.bytes, (int) offset, want, 0, len);
    assertArrayEquals(want, r.getPayload());
    assertEquals(offset + len < PACKAGE_SIZE, r.getOptions().getBlock2().isM());
  }

  @Provide
  Arbitrary<Integer> observe() {
    return Arbitraries.of(-1, -1, 0, 1, 0xFFFFFF);
  }

  // ------------------------------------------------------------ device role

  @Provide
  Arbitrary<String> clientPaths() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "3", "3/0", "3/0/0", "3/0/3", "3/0/11", "4/0/2", "5", "5/0", "5/0/1", "5/0/2", "5/0/3",
            "5/0/5", "5/0/8", "19/0/0", "19/1/0", "19/1", "9/0/0", "5/1/3", "5/0/99"),
        Arbitraries.strings()
            .withChars("0123456789/")
            .ofMaxLength(12)
            .filter(s -> !s.contains("//")));
  }

  @Provide
  Arbitrary<byte[]> clientPayloads() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            3,
            Arbitraries.oneOf(
                    Arbitraries.longs().map(String::valueOf),
                    Arbitraries.of("", "-0", "99999999999999999999", "1e3", " 12", "+5", "\u0661"),
                    Arbitraries.strings().ofMaxLength(40))
                .map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMaxSize(300)),
        Tuple.of(1, Arbitraries.integers().between(1000, 1100).map(byte[]::new)));
  }

  @Property(tries = 200)
  void theDeviceRoleAnswersArbitraryRequestsWithAClientErrorOrSuccess(
      @ForAll("clientPaths") String path,
      @ForAll("methods") Code method,
      @ForAll("contentFormats") int cf,
      @ForAll("contentFormats") int accept,
      @ForAll("observe") int observe,
      @ForAll @IntRange(min = -1, max = 6) int szx,
      @ForAll("clientPayloads") byte[] payload) {
    Request req = new Request(method);
    req.getOptions().setUriPath(path);
    if (cf >= 0) {
      req.getOptions().setContentFormat(cf);
    }
    if (accept >= 0) {
      req.getOptions().setAccept(accept);
    }
    if (observe >= 0 && method == Code.GET) {
      req.getOptions().setObserve(observe);
    }
    if (szx >= 0 && method == Code.GET) {
      req.getOptions().setBlock2(szx, false, 0);
    }
    if (method != Code.GET && method != Code.DELETE) {
      req.setPayload(payload);
    }
    Response r = send(toClient, req);
    Statistics.collect(r.getCode().text);
    assertTrue(
        r.getCode().isSuccess() || r.getCode().isClientError(),
        () -> method + " /" + path + ": " + r.getCode());
    // the device still serves its server
    OptionalLong state = Loopback.await(server.read("ep-hostile-device", "/5/0/3", null)).asLong();
    assertTrue(state.isPresent());
  }

  @Property(tries = 60)
  void writesOverTheDeviceLimitAreTooLarge(
      @ForAll @IntRange(min = 1025, max = 1400) int size,
      @ForAll("writable") String path,
      @ForAll("contentFormats") int cf) {
    Request req = Request.newPut();
    req.getOptions().setUriPath(path);
    if (cf >= 0) {
      req.getOptions().setContentFormat(cf);
    }
    req.setPayload(new byte[size]);
    ResponseCode got = send(toClient, req).getCode();
    Statistics.collect(got.text);
    assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, got);
  }

  @Provide
  Arbitrary<String> writable() {
    return Arbitraries.of("5/0/1", "19/1/0");
  }

  @Provide
  Arbitrary<Code> methods() {
    return Arbitraries.of(Code.GET, Code.PUT, Code.POST, Code.DELETE, Code.FETCH, Code.PATCH);
  }

  // ------------------------------------------------------------ text/plain numbers

  @Property(tries = 1000)
  void textPlainNumbersAreAsciiDecimalsOrEmpty(@ForAll("numbers") String text) {
    OptionalLong v =
        Lwm2mContent.of(ContentFormat.TEXT, text.getBytes(StandardCharsets.UTF_8)).asLong();
    Statistics.collect(v.isPresent() ? "number" : "empty");
    if (v.isPresent()) {
      assertTrue(text.trim().matches("[+-]?[0-9]{1,19}"), () -> "accepted " + text);
      assertEquals(Long.parseLong(text.trim()), v.getAsLong());
    }
  }

  @Provide
  Arbitrary<String> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.strings().withChars("0123456789+-. eE\u0661\u0662\uff11").ofMaxLength(22),
        Arbitraries.strings().ofMaxLength(10),
        Arbitraries.of("9223372036854775808", "-9223372036854775809", "", "-", "+", "1e3", "0x1F"));
  }
}
