package io.dfota.emulator;

/**
 * The modules the emulator can play, with the revision strings they report on {@code AT+CGMR} and
 * in {@code /3/0/3} (protocol-notes Q4: the Quectel revision, such as {@code BC35GJBR01A03}).
 */
public enum ModuleModel {
  /** Quectel BC35-G (the seed's module). */
  BC35_G("BC35-G", "BC35GJBR01A03"),
  /** Quectel BC28. */
  BC28("BC28", "BC28JAR01A03"),
  /** Quectel BC95 R2.0. */
  BC95_R2("BC95", "BC95GJBR01A03");

  private final String modelName;
  private final String initialRevision;

  ModuleModel(String modelName, String initialRevision) {
    this.modelName = modelName;
    this.initialRevision = initialRevision;
  }

  /**
   * Returns the model name, {@code /3/0/1}.
   *
   * @return for example {@code BC35-G}
   */
  public String modelName() {
    return modelName;
  }

  /**
   * Returns the firmware revision an emulated module starts with.
   *
   * @return for example {@code BC35GJBR01A03}
   */
  public String initialRevision() {
    return initialRevision;
  }
}
