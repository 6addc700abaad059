package io.dfota.transport.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dfota.at.AtFramer;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class AtHandlersProperties {

  @Property(tries = 200)
  void arbitraryBytesOnlyYieldFramerEventsAndNeverReachTheTail(
      @ForAll @Size(max = 40) List<@Size(max = 600) byte[]> chunks) {
    EmbeddedChannel ch = new EmbeddedChannel(AtHandlers.framer(), AtHandlers.moduleCommands());
    for (byte[] chunk : chunks) {
      ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      ch.checkException();
      Object m;
      while ((m = ch.readInbound()) != null) {
        Object event = m;
        assertTrue(
            event instanceof io.dfota.at.ModuleCodec.Parsed
                || event instanceof AtFramer.Prompt
                || event instanceof AtFramer.Error,
            () -> "unexpected " + event);
      }
    }
    assertTrue(ch.isOpen());
    ch.finishAndReleaseAll();
  }
}
