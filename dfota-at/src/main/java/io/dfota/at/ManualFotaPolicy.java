package io.dfota.at;

/**
 * The application's decisions in manual DFOTA mode ({@code AT+QLWFOTAIND=1}; protocol-notes §2.3,
 * P17): on {@code +QLWEVTIND:6} the driver answers {@code AT+QLWFOTAIND=2} (accept) or {@code =3};
 * on {@code +QLWEVTIND:7}, {@code =4} (accept) or {@code =5}. Called on the transport's thread;
 * decide quickly.
 */
public interface ManualFotaPolicy {

  /** Accepts every download and update. */
  ManualFotaPolicy ACCEPT_ALL =
      new ManualFotaPolicy() {
        @Override
        public boolean acceptDownload() {
          return true;
        }

        @Override
        public boolean acceptUpdate() {
          return true;
        }
      };

  /**
   * Decides on a package URI the platform delivered ({@code +QLWEVTIND:6}).
   *
   * @return true to download it
   */
  boolean acceptDownload();

  /**
   * Decides on applying the downloaded package ({@code +QLWEVTIND:7}).
   *
   * @return true to update now
   */
  boolean acceptUpdate();
}
