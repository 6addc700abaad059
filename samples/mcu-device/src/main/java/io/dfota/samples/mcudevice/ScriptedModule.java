package io.dfota.samples.mcudevice;

import io.dfota.at.AtFramer;
import io.dfota.at.AtTransport;
import io.dfota.at.Cgsn;
import io.dfota.at.Cscon;
import io.dfota.at.FotaMode;
import io.dfota.at.ModuleCodec;
import io.dfota.at.Nmgs;
import io.dfota.at.Nrb;
import io.dfota.at.Qlwfotaind;
import io.dfota.at.Qlwuldata;
import io.dfota.at.QlwuldataEx;
import io.dfota.at.Urc;
import io.dfota.core.RrcMode;
import io.dfota.transport.netty.AtServer;
import io.dfota.transport.netty.TcpAtServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in BC35-G for trying the sample without hardware: a TCP server on loopback (dfota-
 * transport-netty's {@link TcpAtServer}) whose connections answer with dfota-at's module codec and
 * play the seed's success transcript (protocol-notes §1.2) after the first uplink: {@code
 * +QLWEVTIND:5}, the firmware URCs up to the FOTA reboot banner; then, once the MCU has
 * re-initialised it ({@code AT+CSCON=1}), {@code FIRMWARE UPDATE SUCCESS}, {@code +QLWEVTIND:0}/
 * {@code :3}, {@code FIRMWARE UPDATE OVER} and RRC idle ({@link Script#SEED_SUCCESS}; the other
 * scripts have no DFOTA or a DFOTA without OVER). For the full module use dfota-emulator.
 */
public final class ScriptedModule implements AtTransport.Listener {
  /** The IMEI the stand-in reports ({@code AT+CGSN=1}); the seed's device name. */
  public static final String IMEI = "867725030008282";

  private static final String DFOTA_RUN =
      ModuleCodec.formatUrc(Urc.LwEvent.of(5))
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADING)
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADED)
          + ModuleCodec.formatUrc(Urc.Firmware.UPDATING)
          + ModuleCodec.formatBanner(Urc.RebootCause.SECURITY_FOTA_UPGRADE);

  private static final String AFTER_REBOOT =
      ModuleCodec.formatUrc(Urc.Firmware.UPDATE_SUCCESS)
          + ModuleCodec.formatUrc(Urc.LwEvent.of(0))
          + ModuleCodec.formatUrc(Urc.LwEvent.of(3))
          + ModuleCodec.formatUrc(Urc.Firmware.UPDATE_OVER);

  /** What the stand-in does after the first uplink. */
  public enum Script {
    /** The seed's success transcript (protocol-notes §1.2). */
    SEED_SUCCESS,
    /** No DFOTA: the radio goes idle after the uplink. */
    NO_DFOTA,
    /**
     * The DFOTA stops after {@code FIRMWARE DOWNLOADED} and {@code FIRMWARE UPDATE OVER} never
     * comes (seed Table 2): after {@code AT+NRB} the module re-registers, still without OVER.
     */
    NO_OVER
  }

  private static final String STUCK_RUN =
      ModuleCodec.formatUrc(Urc.LwEvent.of(5))
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADING)
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADED);

  private static final String AFTER_RESTART =
      ModuleCodec.formatUrc(Urc.LwEvent.of(0)) + ModuleCodec.formatUrc(Urc.LwEvent.of(3));

  private final AtTransport link;
  private final Script script;
  private final AtFramer framer = AtFramer.create();
  private int csconReports;
  private RrcMode rrc = RrcMode.IDLE;
  private boolean updated;

  private @Nullable String afterReinit;

  private ScriptedModule(AtTransport link, Script script) {
    this.link = link;
    this.script = script;
  }

  /**
   * Starts the stand-in on {@code 127.0.0.1}, one module per connection.
   *
   * @param group the event loops (the caller shuts them down)
   * @param port the port, 0 for any
   * @param script what happens after the first uplink
   * @return the bound server
   */
  public static CompletableFuture<AtServer> start(EventLoopGroup group, int port, Script script) {
    return TcpAtServer.builder()
        .eventLoopGroup(group)
        .bindAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
        .onAccept(connection -> connection.start(new ScriptedModule(connection, script)))
        .bind();
  }

  @Override
  public void onConnected() {}

  @Override
  public void onBytes(ByteBuffer bytes) {
    framer.feed(
        bytes, (buf, off, len) -> answer(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    framer.reset();
  }

  private synchronized void answer(String line) {
    ModuleCodec.Parsed parsed = ModuleCodec.parseCommand(line);
    String out;
    if (parsed instanceof ModuleCodec.Invalid) {
      out = ModuleCodec.formatCmeError(50);
    } else if (!(parsed instanceof ModuleCodec.Known)) {
      out = ModuleCodec.formatError();
    } else {
      Object command = ((ModuleCodec.Known) parsed).command();
      if (command instanceof Nrb) {
        out =
            ModuleCodec.frame(Nrb.REBOOTING)
                + ModuleCodec.formatBanner(Urc.RebootCause.APPLICATION_AT);
        afterReinit = AFTER_RESTART;
      } else if (command instanceof Qlwfotaind.Query) {
        out = ModuleCodec.formatOk((Qlwfotaind.Query) command, FotaMode.AUTOMATIC);
      } else if (command instanceof Cgsn) {
        out = ModuleCodec.formatOk((Cgsn) command, IMEI);
      } else if (command instanceof Cscon.Set) {
        csconReports = ((Cscon.Set) command).n();
        out = ModuleCodec.frame("OK");
        if (afterReinit != null) { // the MCU re-initialised the module after its reboot
          out += afterReinit + rrc(RrcMode.IDLE);
          afterReinit = null;
        }
      } else if (command instanceof Cscon.Query) {
        out = ModuleCodec.formatOk((Cscon.Query) command, new Cscon.Status(csconReports, rrc));
      } else if (command instanceof Qlwuldata
          || command instanceof QlwuldataEx
          || command instanceof Nmgs) {
        out = ModuleCodec.frame("OK") + rrc(RrcMode.CONNECTED);
        if (script == Script.SEED_SUCCESS && !updated) {
          updated = true;
          afterReinit = AFTER_REBOOT;
          out += DFOTA_RUN;
        } else if (script == Script.NO_OVER && !updated) {
          updated = true;
          out += STUCK_RUN;
        } else {
          out += rrc(RrcMode.IDLE);
        }
      } else {
        out = ModuleCodec.frame("OK");
      }
    }
    link.write(ByteBuffer.wrap(ModuleCodec.bytes(out)));
  }

  private String rrc(RrcMode mode) {
    rrc = mode;
    return csconReports == 1 ? ModuleCodec.formatUrc(Urc.Cscon.of(mode)) : "";
  }
}
