package vn.egov.gateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** H2's half of migration V2: refuses every update and delete of the table it is attached to. */
public final class AppendOnlyTrigger implements Trigger {
  private String table = "table";

  @Override
  public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
    table = tableName;
  }

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    throw new SQLException(table + " is append-only", "0A000");
  }
}
