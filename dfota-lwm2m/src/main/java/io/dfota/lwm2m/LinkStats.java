package io.dfota.lwm2m;

/**
 * What a {@link LinkFaults} link did to the datagrams that crossed it, both directions together:
 * the faults injected into an emulated NB-IoT link (protocol-notes §6 P12).
 *
 * @param datagrams datagrams offered to the link
 * @param dropped datagrams lost
 * @param duplicated datagrams delivered twice
 * @param reordered datagrams held back behind a later one
 */
public record LinkStats(long datagrams, long dropped, long duplicated, long reordered) {

  /** A link that carried nothing. */
  public static final LinkStats NONE = new LinkStats(0, 0, 0, 0);

  /** Validates the counts. */
  public LinkStats {
    if (datagrams < 0 || dropped < 0 || duplicated < 0 || reordered < 0) {
      throw new Lwm2mException(
          "counts: "
              + datagrams
              + "/"
              + dropped
              + "/"
              + duplicated
              + "/"
              + reordered
              + " (expected: >= 0)");
    }
  }

  /**
   * Returns the sum of two links' counts.
   *
   * @param other the other counts
   * @return the sums
   */
  public LinkStats plus(LinkStats other) {
    return new LinkStats(
        datagrams + other.datagrams,
        dropped + other.dropped,
        duplicated + other.duplicated,
        reordered + other.reordered);
  }

  /**
   * Returns the number of faults injected: drops, duplicates and reorderings.
   *
   * @return the sum
   */
  public long faults() {
    return dropped + duplicated + reordered;
  }
}
