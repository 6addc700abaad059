package io.dfota.transport.netty.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** Logs every chunk read from and written to one channel on {@link WireLog}. */
final class WireLogHandler extends ChannelDuplexHandler {
  private final String tag;

  WireLogHandler(String tag) {
    this.tag = tag;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf && WireLog.LOG.isTraceEnabled()) {
      ByteBuf buf = (ByteBuf) msg;
      WireLog.rx(tag, buf.nioBuffer(buf.readerIndex(), buf.readableBytes()));
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf && WireLog.LOG.isTraceEnabled()) {
      ByteBuf buf = (ByteBuf) msg;
      WireLog.tx(tag, buf.nioBuffer(buf.readerIndex(), buf.readableBytes()));
    }
    ctx.write(msg, promise);
  }
}
