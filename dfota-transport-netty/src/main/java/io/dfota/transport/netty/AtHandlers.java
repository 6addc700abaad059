package io.dfota.transport.netty;

import io.dfota.at.AtFramer;
import io.dfota.at.ModuleCodec;
import io.dfota.transport.netty.internal.AtFrameDecoder;
import io.dfota.transport.netty.internal.AtTextEncoder;
import io.dfota.transport.netty.internal.ModuleCommandDecoder;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelOutboundHandler;

/**
 * Netty handlers that put dfota-at's framer and module codec into a pipeline (protocol-notes §2.1),
 * for code that runs its own Netty server or client rather than using the {@code AtTransport}
 * links: for example an emulator pipeline {@code framer() → moduleCommands() → your handler},
 * writing {@code ModuleCodec.format...} strings through {@code textEncoder()}. There is no second
 * AT parser here: every handler delegates to {@link AtFramer} and {@link ModuleCodec}.
 */
public final class AtHandlers {
  private AtHandlers() {}

  /**
   * Returns a new framing handler (one per channel): {@code ByteBuf} in, {@link AtFramer.Line},
   * {@link AtFramer.Prompt} and {@link AtFramer.Error} out.
   *
   * @return the handler
   */
  public static ChannelInboundHandler framer() {
    return new AtFrameDecoder(AtFramer.DEFAULT_MAX_LINE_LENGTH);
  }

  /**
   * Returns a new framing handler with a line limit.
   *
   * @param maxLineLength the limit, see {@link AtFramer#create(int)}
   * @return the handler
   */
  public static ChannelInboundHandler framer(int maxLineLength) {
    return new AtFrameDecoder(maxLineLength);
  }

  /**
   * Returns the module side's command decoder (shareable): {@link AtFramer.Line} in, {@link
   * ModuleCodec.Parsed} out; other messages pass through.
   *
   * @return the handler
   */
  public static ChannelInboundHandler moduleCommands() {
    return ModuleCommandDecoder.INSTANCE;
  }

  /**
   * Returns the text encoder (shareable): {@code CharSequence} out as ISO-8859-1 bytes.
   *
   * @return the handler
   */
  public static ChannelOutboundHandler textEncoder() {
    return AtTextEncoder.INSTANCE;
  }
}
