package io.dfota.platform;

import java.util.Objects;

/**
 * The value a platform request returns: either the accepted object or a refusal with its reason and
 * a message in the platform's words (an expected outcome, never an exception).
 *
 * @param <T> the accepted object's type
 */
public sealed interface Outcome<T> permits Outcome.Accepted, Outcome.Refused {

  /**
   * Returns whether the request was accepted.
   *
   * @return true for {@link Accepted}
   */
  default boolean accepted() {
    return this instanceof Accepted;
  }

  /**
   * Returns the accepted value or throws.
   *
   * @return the value
   * @throws PlatformException if the request was refused (the message says why)
   */
  default T orThrow() {
    if (this instanceof Accepted<T> a) {
      return a.value();
    }
    Refused<T> r = (Refused<T>) this;
    throw new PlatformException(r.reason() + ": " + r.message());
  }

  /**
   * Creates an accepted outcome.
   *
   * @param value the value
   * @param <T> its type
   * @return the outcome
   */
  static <T> Outcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  /**
   * Creates a refusal.
   *
   * @param reason the reason
   * @param message the message
   * @param <T> the type that was not produced
   * @return the outcome
   */
  static <T> Outcome<T> refused(Refusal reason, String message) {
    return new Refused<>(reason, message);
  }

  /**
   * The request was accepted.
   *
   * @param value the resulting object
   * @param <T> its type
   */
  record Accepted<T>(T value) implements Outcome<T> {
    /** Validates the value. */
    public Accepted {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The request was refused.
   *
   * @param reason the reason
   * @param message the description in the platform's words
   * @param <T> the type that was not produced
   */
  record Refused<T>(Refusal reason, String message) implements Outcome<T> {
    /** Validates the fields. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}
