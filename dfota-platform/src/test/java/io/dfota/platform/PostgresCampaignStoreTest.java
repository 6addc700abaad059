package io.dfota.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC store on a real PostgreSQL: {@code DFOTA_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/dfota}), user and password {@code dfota} ({@code
 * DFOTA_TEST_PG_USER}, {@code DFOTA_TEST_PG_PASSWORD}). Skips, saying why, only when no server
 * answers there.
 */
class PostgresCampaignStoreTest extends CampaignStoreContract {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCampaignStoreTest.class);

  private static final String URL =
      env("DFOTA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/dfota");
  private static final String USER = env("DFOTA_TEST_PG_USER", "dfota");
  private static final String PASSWORD = env("DFOTA_TEST_PG_PASSWORD", "dfota");

  private static String env(String name, String def) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? def : v;
  }

  @BeforeEach
  void cleanDatabase() {
    try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement s = c.createStatement()) {
      for (String t :
          new String[] {
            "task_devices",
            "tasks",
            "group_members",
            "device_groups",
            "packages",
            "manufacturer_keys",
            "profiles",
            "schema_version"
          }) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
    } catch (SQLException e) {
      if (e.getSQLState() == null || !e.getSQLState().startsWith("08")) {
        // a server answered (wrong password, missing database...): that is a failure, not a skip
        throw new IllegalStateException("PostgreSQL at " + URL + " refused the test: " + e, e);
      }
      String reason = "no PostgreSQL server reachable at " + URL + " (" + e.getMessage() + ")";
      LOG.warn("skipping PostgreSQL store tests: {}", reason);
      Assumptions.assumeTrue(false, reason);
    }
  }

  @Override
  CampaignStore open() {
    return CampaignStore.jdbc(URL, USER, PASSWORD);
  }

  @Override
  CampaignStore reopen() {
    return open();
  }
}
