package io.dfota.transport.netty;

import io.dfota.at.AtFramer;
import io.dfota.at.AtTransport;
import io.dfota.at.FotaMode;
import io.dfota.at.ModuleCodec;
import io.dfota.at.Qlwfotaind;
import io.dfota.at.Qlwuldata;
import io.dfota.at.Urc;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted BC35-G on any {@link AtTransport}, playing the seed's success transcript
 * (protocol-notes §1.2) with dfota-at's own framer and module codec: {@code AT+QLWFOTAIND?} answers
 * automatic mode; {@code AT+QLWULDATA} answers {@code OK} and then the whole DFOTA run (event 5,
 * the firmware URCs, the FOTA reboot banner, re-registration, {@code FIRMWARE UPDATE OVER}); any
 * other known command answers {@code OK}, anything else {@code ERROR}.
 */
final class ScriptedModule implements AtTransport.Listener {
  /** What the module prints after the uplink's OK, as the seed shows it. */
  static final String DFOTA_RUN =
      ModuleCodec.formatUrc(new Urc.LwEvent(5))
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADING)
          + ModuleCodec.formatUrc(Urc.Firmware.DOWNLOADED)
          + ModuleCodec.formatUrc(Urc.Firmware.UPDATING)
          + ModuleCodec.formatBanner(Urc.RebootCause.SECURITY_FOTA_UPGRADE)
          + ModuleCodec.formatUrc(Urc.Firmware.UPDATE_SUCCESS)
          + ModuleCodec.formatUrc(new Urc.LwEvent(0))
          + ModuleCodec.formatUrc(new Urc.LwEvent(3))
          + ModuleCodec.formatUrc(Urc.Firmware.UPDATE_OVER);

  private final AtFramer framer = AtFramer.create();
  private final List<String> commands = new ArrayList<>();
  private volatile AtTransport link;
  private volatile boolean mute;
  private volatile String greeting = "";
  final RecordingListener events = new RecordingListener();

  /** Records commands but answers none (a module that hangs). */
  ScriptedModule mute() {
    this.mute = true;
    return this;
  }

  /** Sends these bytes as soon as the link is up (garbage, a partial line...). */
  ScriptedModule greeting(String text) {
    this.greeting = text;
    return this;
  }

  ScriptedModule attach(AtTransport link) {
    this.link = link;
    return this;
  }

  synchronized List<String> commands() {
    return List.copyOf(commands);
  }

  @Override
  public void onConnected() {
    events.onConnected();
    if (!greeting.isEmpty()) {
      link.write(ByteBuffer.wrap(ModuleCodec.bytes(greeting)));
    }
  }

  @Override
  public void onBytes(ByteBuffer bytes) {
    events.onBytes(bytes.duplicate());
    framer.feed(
        bytes,
        (buf, off, len) -> onCommand(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
  }

  private void onCommand(String line) {
    synchronized (this) {
      commands.add(line);
    }
    if (mute) {
      return;
    }
    ModuleCodec.Parsed parsed = ModuleCodec.parseCommand(line);
    String answer;
    if (parsed instanceof ModuleCodec.Known) {
      Object command = ((ModuleCodec.Known) parsed).command();
      if (command instanceof Qlwfotaind.Query) {
        answer = ModuleCodec.formatOk((Qlwfotaind.Query) command, FotaMode.AUTOMATIC);
      } else if (command instanceof Qlwuldata) {
        answer = ModuleCodec.frame("OK") + DFOTA_RUN;
      } else {
        answer = ModuleCodec.frame("OK");
      }
    } else {
      answer = ModuleCodec.formatError();
    }
    link.write(ByteBuffer.wrap(ModuleCodec.bytes(answer)));
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    events.onDisconnected(reason, willReconnect);
    framer.reset();
  }
}
