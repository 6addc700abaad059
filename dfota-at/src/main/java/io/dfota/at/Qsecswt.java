package io.dfota.at;

import io.dfota.at.internal.Fields;
import io.dfota.at.internal.Responses;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code AT+QSECSWT}: the LwM2M link's security mode (protocol-notes §2.3 "Other"): 0 plain CoAP
 * (port 5683), 1 DTLS with the PSK of {@code AT+QSETPSK} (CoAPS, port 5684). Persistent; set it
 * before the module registers. The optional second field is kept and echoed as given: the XinYi
 * clone reads it as a NAT type 0..1, an OpenCPU driver sends {@code AT+QSECSWT=1,100}; this codec
 * accepts 0..{@value #MAX_NAT}.
 */
public final class Qsecswt {
  private Qsecswt() {}

  private static final String PREFIX = "+QSECSWT:";

  /** No encryption. */
  public static final int PLAIN = 0;

  /** DTLS with PSK. */
  public static final int DTLS = 1;

  /** The largest second field accepted. */
  public static final int MAX_NAT = 255;

  /**
   * The security setting.
   *
   * @param mode {@link #PLAIN} or {@link #DTLS}
   * @param nat the optional second field, 0..255, or null
   */
  public record Setting(int mode, @Nullable Integer nat) {
    /** Validates the setting. */
    public Setting {
      Responses.range("AT+QSECSWT <type>", mode, PLAIN, DTLS);
      if (nat != null) {
        Responses.range("AT+QSECSWT <nat>", nat, 0, MAX_NAT);
      }
    }

    /**
     * Returns whether DTLS is on.
     *
     * @return true for mode 1
     */
    public boolean dtls() {
      return mode == DTLS;
    }

    private String fields() {
      return mode + (nat == null ? "" : "," + nat);
    }

    private static Setting parse(String name, List<String> f) {
      Fields.count(name, f, 1, 2);
      int mode = Fields.integer(name + " <type>", f.get(0), PLAIN, DTLS);
      Integer nat = f.size() == 2 ? Fields.integer(name + " <nat>", f.get(1), 0, MAX_NAT) : null;
      return new Setting(mode, nat);
    }
  }

  /**
   * {@code AT+QSECSWT=<type>[,<nat>]}.
   *
   * @param setting the setting
   */
  public record Set(Setting setting) implements AtCommand.Simple {
    /** Validates the command. */
    public Set {
      java.util.Objects.requireNonNull(setting, "setting");
    }

    /**
     * A command without the second field.
     *
     * @param mode 0 or 1
     */
    public Set(int mode) {
      this(new Setting(mode, null));
    }

    @Override
    public String line() {
      return "AT+QSECSWT=" + setting.fields();
    }

    static Set decode(List<String> f) {
      return new Set(Setting.parse("AT+QSECSWT", f));
    }
  }

  /** {@code AT+QSECSWT?}, answered {@code +QSECSWT:<type>[,<nat>]}. */
  public record Query() implements AtCommand<Setting> {
    @Override
    public String line() {
      return "AT+QSECSWT?";
    }

    @Override
    public boolean isResponseLine(String line) {
      return Responses.prefixed(line, PREFIX, 1, 2);
    }

    @Override
    public Setting parseResponse(List<String> lines) {
      return Setting.parse("+QSECSWT", Responses.single(line(), lines, PREFIX, 1, 2));
    }

    @Override
    public List<String> formatResponse(Setting value) {
      return List.of(PREFIX + value.fields());
    }
  }
}
