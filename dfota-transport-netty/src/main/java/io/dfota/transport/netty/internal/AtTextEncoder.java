package io.dfota.transport.netty.internal;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Writes {@link CharSequence}s (already framed AT text, for example from {@code ModuleCodec}) as
 * ISO-8859-1 bytes, one byte per char; other messages pass through. Stateless and shareable.
 */
@ChannelHandler.Sharable
public final class AtTextEncoder extends ChannelOutboundHandlerAdapter {
  /** The shared instance. */
  public static final AtTextEncoder INSTANCE = new AtTextEncoder();

  private AtTextEncoder() {}

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof CharSequence) {
      CharSequence text = (CharSequence) msg;
      ctx.write(
          ByteBufUtil.encodeString(
              ctx.alloc(),
              java.nio.CharBuffer.wrap(text),
              java.nio.charset.StandardCharsets.ISO_8859_1),
          promise);
    } else {
      ctx.write(msg, promise);
    }
  }
}
