package io.dfota.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dfota.platform.internal.JdbcCampaignStore;
import org.junit.jupiter.api.Test;

class H2CampaignStoreTest extends CampaignStoreContract {

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db").resolve("dfota").toAbsolutePath();
  }

  @Override
  CampaignStore open() {
    return CampaignStore.jdbc(url(), "sa", "");
  }

  @Override
  CampaignStore reopen() {
    return CampaignStore.h2(dir.resolve("db"));
  }

  @Test
  void createsTheSchemaOnceAndRecordsItsVersion() {
    try (JdbcCampaignStore s = JdbcCampaignStore.open(url(), "sa", "")) {
      assertEquals(1, s.schemaVersion());
    }
    try (JdbcCampaignStore s = JdbcCampaignStore.open(url(), "sa", "")) {
      assertEquals(1, s.schemaVersion());
    }
  }
}
