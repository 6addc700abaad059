package io.dfota.transport.netty.internal;

import io.dfota.at.AtFramer;
import io.dfota.at.ModuleCodec;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * The module side's command decoder: turns each {@link AtFramer.Line} from {@link AtFrameDecoder}
 * into a {@link ModuleCodec.Parsed} (dfota-at's own parser); prompts and framing errors pass
 * through. Stateless and shareable.
 */
@ChannelHandler.Sharable
public final class ModuleCommandDecoder extends ChannelInboundHandlerAdapter {
  /** The shared instance. */
  public static final ModuleCommandDecoder INSTANCE = new ModuleCommandDecoder();

  private ModuleCommandDecoder() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof AtFramer.Line) {
      ctx.fireChannelRead(ModuleCodec.parseCommand(((AtFramer.Line) msg).text()));
    } else {
      ctx.fireChannelRead(msg);
    }
  }
}
