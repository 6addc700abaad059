package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.core.RrcMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

class RoundTripProperties {

  private static Arbitrary<HexPayload> payloads() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMinSize(1)
        .ofMaxSize(HexPayload.MAX_LENGTH)
        .map(HexPayload::of);
  }

  private static Arbitrary<Integer> seqs(int min) {
    return Arbitraries.integers().between(min, 255).injectNull(0.3);
  }

  @Provide
  Arbitrary<AtCommand<?>> commands() {
    Arbitrary<Integer> bit = Arbitraries.integers().between(0, 1);
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.just(new At()),
            Arbitraries.of(true, false).map(Ate::new),
            Arbitraries.integers().between(0, 2).map(Cmee::new),
            Arbitraries.just(new Cgsn()),
            Arbitraries.just(new Cgmr()),
            Combinators.combine(
                    Arbitraries.strings().withChars("0123456789.").ofMinLength(1).ofMaxLength(15),
                    Arbitraries.integers().between(0, 65535))
                .as((a, p) -> new Ncdp.Set(new Ncdp.Server(a, p))),
            Arbitraries.just(new Ncdp.Query()),
            Arbitraries.integers().between(0, 2).map(Qregswt.Set::new),
            Arbitraries.just(new Qregswt.Query()),
            bit.map(Qlwsregind::new),
            Combinators.combine(payloads(), seqs(0)).as(Qlwuldata::new),
            Combinators.combine(payloads(), Arbitraries.of(UplinkMode.class), seqs(1))
                .as(QlwuldataEx::new),
            Arbitraries.just(new QlwuldataStatus()),
            Combinators.combine(payloads(), seqs(0)).as(Nmgs::new),
            Arbitraries.integers().between(0, 2).map(Nnmi.Set::new),
            Arbitraries.just(new Nnmi.Query()),
            Arbitraries.just(new Nmgr()),
            Arbitraries.just(new Nqmgr()),
            Arbitraries.just(new Nqmgs()),
            Arbitraries.just(new Nmstatus()),
            Arbitraries.of(FotaMode.class).map(Qlwfotaind.Set::new),
            Arbitraries.just(new Qlwfotaind.Query()),
            bit.map(Cscon.Set::new),
            Arbitraries.just(new Cscon.Query()),
            Arbitraries.integers().between(0, 5).map(Cereg.Set::new),
            Arbitraries.just(new Cereg.Query()),
            Arbitraries.just(new Nuestats()),
            Arbitraries.just(new Nrb()),
            bit.map(Cfun.Set::new),
            Arbitraries.just(new Cfun.Query()),
            bit.map(Cgatt.Set::new),
            Arbitraries.just(new Cgatt.Query())));
  }

  @Property(tries = 500)
  void everyCommandLineParsesBackOnTheModuleSide(@ForAll("commands") AtCommand<?> command) {
    assertEquals(new ModuleCodec.Known(command), ModuleCodec.parseCommand(command.line()));
  }

  @Provide
  Arbitrary<Urc> urcs() {
    Arbitrary<String> upper =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withChars('_', '0')
            .ofMinLength(1)
            .ofMaxLength(30);
    return Arbitraries.oneOf(
        List.of(
            Arbitraries.of(Urc.Firmware.ALL).map(u -> (Urc) u),
            Arbitraries.integers().between(0, 65535).map(Urc.LwEvent::of),
            upper.map(Urc.RebootCause::new),
            Arbitraries.just(Urc.Neul.INSTANCE),
            Arbitraries.just(Urc.BootOk.INSTANCE),
            Arbitraries.of(
                    "Security B.. Verified",
                    "Protocol A.. Verified",
                    "Apps A...... Verified",
                    "Boot: Unsigned")
                .map(Urc.Verified::new),
            Arbitraries.of(RrcMode.class).map(Urc.Cscon::of),
            Combinators.combine(
                    Arbitraries.integers().between(0, 5),
                    Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .ofMinLength(1)
                        .ofMaxLength(8)
                        .list()
                        .ofMaxSize(3))
                .as(Urc.Cereg::new),
            payloads().injectNull(0.2).map(Urc.Nnmi::new),
            Combinators.combine(upper.filter(s -> !s.contains("0")), seqs(0)).as(Urc.Nsmi::new),
            Combinators.combine(Arbitraries.integers().between(0, 5), seqs(0))
                .as(Urc.UplinkStatus::new),
            Arbitraries.strings()
                .withCharRange('a', 'z')
                .ofMinLength(1)
                .ofMaxLength(40)
                .map(Urc.Unknown::new)));
  }

  @Property(tries = 500)
  void everyUrcParsesBackFromItsLine(@ForAll("urcs") Urc urc) {
    assertEquals(urc, Urc.parse(urc.line()));
    byte[] b = ModuleCodec.bytes(urc.line());
    assertEquals(urc, Urc.decode(b, 0, b.length));
  }

  @Property(tries = 50)
  void fixedUrcsAreSharedConstants(@ForAll("urcs") Urc urc) {
    if (urc instanceof Urc.Firmware
        || urc instanceof Urc.Cscon
        || (urc instanceof Urc.LwEvent e && e.code() <= 9)) {
      assertEquals(true, Urc.parse(urc.line()) == urc, "same instance for " + urc);
    }
  }

  private static <R> void roundTrip(AtCommand<R> command, R value) {
    assertEquals(value, command.parseResponse(command.formatResponse(value)));
  }

  @Property(tries = 200)
  void everyResponseParsesBackFromItsLines(
      @ForAll("payloads2") Optional<HexPayload> downlink,
      @ForAll @IntRange(min = 0, max = 1) int bit,
      @ForAll @IntRange(min = 0, max = 5) int small,
      @ForAll @IntRange(min = 0, max = 255) int seq,
      @ForAll @IntRange(min = 0, max = 65535) int port,
      @ForAll @IntRange(min = 0, max = 1_000_000) int counter,
      @ForAll @LongRange(min = -2000, max = 2000) long signal,
      @ForAll @StringLength(min = 15, max = 15) @NumericChars String imei,
      @ForAll @StringLength(min = 1, max = 20) @CharRange(from = 'A', to = 'Z') String status) {
    roundTrip(new Cscon.Query(), new Cscon.Status(bit, RrcMode.fromCode(1 - bit)));
    roundTrip(new Nmgr(), downlink);
    roundTrip(new Cgsn(), imei);
    roundTrip(new Cgmr(), new Cgmr.Revision(List.of("SECURITY," + status, "BC35GJBR01A0" + small)));
    roundTrip(new Ncdp.Query(), new Ncdp.Server("10.0.0." + seq, port));
    roundTrip(new Qregswt.Query(), Math.min(small, 2));
    roundTrip(new QlwuldataStatus(), new Urc.UplinkStatus(small, seq));
    roundTrip(new Nnmi.Query(), Math.min(small, 2));
    roundTrip(new Nqmgr(), new Nqmgr.Counters(counter, counter + 1, small));
    roundTrip(new Nqmgs(), new Nqmgs.Counters(small, counter, seq));
    roundTrip(new Nmstatus(), status);
    roundTrip(new Qlwfotaind.Query(), FotaMode.find(small).orElseThrow());
    roundTrip(new Cereg.Query(), new Cereg.Status(small, seq % 6));
    roundTrip(
        new Nuestats(),
        new Nuestats.Stats(Map.of("Signal power", signal, "Cell ID", (long) counter)));
    roundTrip(new Cfun.Query(), bit);
    roundTrip(new Cgatt.Query(), bit);
  }

  @Property(tries = 100)
  void simpleCommandsParseAnOkWithoutLines(@ForAll("commands") AtCommand<?> command) {
    if (command instanceof AtCommand.Simple s) {
      roundTrip(s, NoContent.INSTANCE);
    }
  }

  @Provide
  Arbitrary<Optional<HexPayload>> payloads2() {
    return payloads().optional();
  }
}
