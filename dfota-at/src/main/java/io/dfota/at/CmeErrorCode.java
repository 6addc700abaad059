package io.dfota.at;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code +CME ERROR:<n>} codes seen on the Quectel / HiSilicon module family (protocol-notes
 * §2.2; 3GPP TS 27.007 §9.2 and the cloned Quectel codes). Enable them with {@code AT+CMEE=1}.
 * Codes not listed here are kept as numbers by {@link AtResponse.CmeError}.
 */
public enum CmeErrorCode {
  /** 3. */
  OPERATION_NOT_ALLOWED(3, "operation not allowed"),
  /** 4. */
  OPERATION_NOT_SUPPORTED(4, "operation not supported"),
  /** 23. */
  MEMORY_FAILURE(23, "memory failure"),
  /** 30. */
  NO_NETWORK_SERVICE(30, "no network service"),
  /** 50. */
  INCORRECT_PARAMETERS(50, "incorrect parameters"),
  /** 51. */
  COMMAND_DISABLED(51, "command implemented but currently disabled"),
  /** 100. */
  UNKNOWN(100, "unknown"),
  /** 159. */
  UPLINK_BUSY(159, "uplink busy / flow control"),
  /** 512. */
  REQUIRED_PARAMETER_NOT_CONFIGURED(512, "required parameter not configured"),
  /** 513. */
  TUP_NOT_REGISTERED(513, "TUP not registered"),
  /** 514. */
  AT_INTERNAL_ERROR(514, "AT internal error"),
  /** 515. */
  CID_IS_ACTIVE(515, "CID is active"),
  /** 516. */
  INCORRECT_STATE_FOR_COMMAND(516, "incorrect state for command"),
  /** 517. */
  CID_INVALID(517, "CID is invalid"),
  /** 518. */
  CID_NOT_ACTIVE(518, "CID is not active"),
  /** 520. */
  DEACTIVATE_LAST_ACTIVE_CID(520, "deactivate the last active CID"),
  /** 521. */
  CID_NOT_DEFINED(521, "CID is not defined"),
  /** 522. */
  UART_PARITY_ERROR(522, "UART parity error"),
  /** 523. */
  UART_FRAME_ERROR(523, "UART frame error"),
  /** 524. */
  MINIMAL_FUNCTION_MODE(524, "UE is in minimal function mode"),
  /** 525. */
  COMMAND_ABORTED_IN_PROCESSING(525, "AT command aborted: in processing"),
  /** 526. */
  COMMAND_ABORTED_ERROR(526, "AT command aborted: error"),
  /** 527. */
  COMMAND_INTERRUPTED(527, "command interrupted"),
  /** 528. */
  CONFIGURATION_CONFLICTS(528, "configuration conflicts"),
  /** 529: the module refuses commands while a FOTA runs. */
  DURING_FOTA_UPDATING(529, "during FOTA updating"),
  /** 530. */
  NOT_AT_ALLOCATED_SOCKET(530, "not the AT allocated socket"),
  /** 531. */
  USIM_PIN_BLOCKED(531, "USIM PIN is blocked"),
  /** 532. */
  USIM_PUK_BLOCKED(532, "USIM PUK is blocked"),
  /** 533. */
  NOT_MIPI_MODULE(533, "not MIPI module"),
  /** 534. */
  FILE_NOT_FOUND(534, "file not found"),
  /** 535. */
  CONDITIONS_NOT_SATISFIED(535, "conditions of use not satisfied"),
  /** 536. */
  AT_UART_BUFFER_ERROR(536, "AT UART buffer error"),
  /** 537. */
  BACK_OFF_TIMER_RUNNING(537, "back-off timer is running");

  private static final Map<Integer, CmeErrorCode> BY_CODE = index();

  private final int code;
  private final String meaning;

  CmeErrorCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  private static Map<Integer, CmeErrorCode> index() {
    Map<Integer, CmeErrorCode> m = new HashMap<>();
    for (CmeErrorCode c : values()) {
      CmeErrorCode old = m.put(c.code, c);
      if (old != null) {
        throw new AtException(
            "CME code: " + c.code + " is used by " + old + " and " + c + " (expected: unique)");
      }
    }
    return Map.copyOf(m);
  }

  /**
   * Returns the wire code.
   *
   * @return {@code <n>}
   */
  public int code() {
    return code;
  }

  /**
   * Returns the meaning in the words of protocol-notes §2.2.
   *
   * @return the meaning
   */
  public String meaning() {
    return meaning;
  }

  /**
   * Finds the code.
   *
   * @param code {@code <n>}
   * @return the known code, or empty
   */
  public static Optional<CmeErrorCode> find(int code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }
}
