package io.dfota.transport.netty.internal;

import io.dfota.at.AtException;
import io.dfota.at.AtFramer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * A Netty inbound handler around dfota-at's {@link AtFramer} (no second parser): bytes in, {@link
 * AtFramer.Line}, {@link AtFramer.Prompt} and {@link AtFramer.Error} messages out, in stream order.
 * Memory is the framer's one line buffer; an overlong line becomes one {@code Error} and the framer
 * resynchronises at the next line end. The framer is reset when the channel goes inactive.
 */
public final class AtFrameDecoder extends ChannelInboundHandlerAdapter {
  private final AtFramer framer;

  /**
   * Creates the decoder.
   *
   * @param maxLineLength the framer's line limit
   */
  public AtFrameDecoder(int maxLineLength) {
    this.framer = AtFramer.create(maxLineLength);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf)) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf buf = (ByteBuf) msg;
    try {
      AtFramer.Sink sink =
          new AtFramer.Sink() {
            @Override
            public void onLine(byte[] buffer, int offset, int length) {
              ctx.fireChannelRead(
                  new AtFramer.Line(
                      new String(buffer, offset, length, StandardCharsets.ISO_8859_1)));
            }

            @Override
            public void onPrompt() {
              ctx.fireChannelRead(new AtFramer.Prompt());
            }

            @Override
            public void onError(AtException error) {
              ctx.fireChannelRead(new AtFramer.Error(String.valueOf(error.getMessage())));
            }
          };
      if (buf.hasArray()) {
        framer.feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes(), sink);
      } else {
        framer.feed(buf.nioBuffer(buf.readerIndex(), buf.readableBytes()), sink);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    framer.reset();
    ctx.fireChannelInactive();
  }
}
