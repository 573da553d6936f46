package dev.stagehand.steps.sql.types;

import dev.stagehand.jdbc.JdbcDatabaseType;
import java.util.List;

/** The types of this module by URL, for code that has no deployment to ask (the JDBC journal). */
public final class SqlTypes {

    private static final List<JdbcDatabaseType> ALL = List.of(new PostgreSqlType(), new SqlServerType(), new H2Type());

    private SqlTypes() {
    }

    /** The type whose URLs look like {@code url}; plain JDBC when none of this module's does. */
    public static JdbcDatabaseType forUrl(String url) {
        return ALL.stream().filter(t -> t.accepts(url)).findFirst().orElse(JdbcDatabaseType.generic());
    }
}
