package io.dfota.at;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted module for tests (after Californium's LockstepEndpoint): expects command lines in
 * order and answers each with scripted lines; can emit URCs at any time. Unexpected commands are
 * recorded and answered {@code ERROR}.
 */
final class FakeModem {

  private record Step(String command, List<String> reply) {}

  private final InMemoryAtTransport end;
  private final AtFramer framer = AtFramer.create();
  private final ArrayDeque<Step> script = new ArrayDeque<>();
  private final List<String> received = new ArrayList<>();
  private final List<String> unexpected = new ArrayList<>();
  private boolean echo;

  FakeModem(InMemoryAtTransport end) {
    this.end = end;
    end.start(
        new AtTransport.Listener() {
          @Override
          public void onConnected() {}

          @Override
          public void onBytes(ByteBuffer bytes) {
            framer.feed(
                bytes,
                (buf, off, len) ->
                    onCommand(new String(buf, off, len, StandardCharsets.ISO_8859_1)));
          }

          @Override
          public void onDisconnected(String reason, boolean willReconnect) {}
        });
  }

  FakeModem echo(boolean on) {
    this.echo = on;
    return this;
  }

  /** Expects the command; answers with the lines (each framed CR LF ... CR LF). */
  synchronized FakeModem expect(String command, String... reply) {
    script.add(new Step(command, List.of(reply)));
    return this;
  }

  /** Sends lines now, each framed CR LF ... CR LF. */
  void emit(String... lines) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append("\r\n").append(l).append("\r\n");
    }
    raw(sb.toString());
  }

  void raw(String text) {
    end.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
  }

  private void onCommand(String line) {
    Step step;
    synchronized (this) {
      received.add(line);
      step = script.peek();
      if (step != null && step.command.equals(line)) {
        script.poll();
      } else {
        unexpected.add(line);
        step = null;
      }
    }
    if (echo) {
      raw(line + "\r");
    }
    if (step == null) {
      emit("ERROR");
    } else if (!step.reply.isEmpty()) {
      emit(step.reply.toArray(new String[0]));
    }
  }

  synchronized List<String> received() {
    return List.copyOf(received);
  }

  synchronized void assertScriptDone() {
    assertEquals(List.of(), unexpected, "unexpected commands");
    assertEquals(List.of(), List.copyOf(script), "commands never sent");
  }
}
