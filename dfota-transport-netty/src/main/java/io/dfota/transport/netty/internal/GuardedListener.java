package io.dfota.transport.netty.internal;

import io.dfota.at.AtTransport;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the application's listener so that an exception it throws is logged and never reaches the
 * transport's thread (and so never Netty's "unhandled exception" log). The transport stays usable.
 */
final class GuardedListener implements AtTransport.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final AtTransport.Listener delegate;
  private final String tag;

  GuardedListener(AtTransport.Listener delegate, String tag) {
    this.delegate = delegate;
    this.tag = tag;
  }

  @Override
  public void onConnected() {
    try {
      delegate.onConnected();
    } catch (RuntimeException e) {
      LOG.warn("{}: listener threw in onConnected", tag, e);
    }
  }

  @Override
  public void onBytes(ByteBuffer bytes) {
    try {
      delegate.onBytes(bytes);
    } catch (RuntimeException e) {
      LOG.warn("{}: listener threw in onBytes", tag, e);
    }
  }

  @Override
  public void onDisconnected(String reason, boolean willReconnect) {
    try {
      delegate.onDisconnected(reason, willReconnect);
    } catch (RuntimeException e) {
      LOG.warn("{}: listener threw in onDisconnected", tag, e);
    }
  }
}
