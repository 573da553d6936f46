package dev.stagehand.steps.sql.types;

import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.jdbc.JdbcDatabaseType;
import java.util.Comparator;
import java.util.ServiceLoader;

/**
 * The JDBC type of a URL for code that has no deployment to ask (the JDBC journal): the loaded
 * types chosen as a deployment chooses them, the highest priority first, equal ones by name.
 */
public final class SqlTypes {

    private SqlTypes() {
    }

    /** The type whose URLs look like {@code url}; plain JDBC when no loaded JDBC type's do. */
    public static JdbcDatabaseType forUrl(String url) {
        return ServiceLoader.load(DatabaseType.class, SqlTypes.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(JdbcDatabaseType.class::isInstance)
                .map(JdbcDatabaseType.class::cast).filter(t -> t.accepts(url))
                .max(Comparator.comparingInt(JdbcDatabaseType::priority)
                        .thenComparing(JdbcDatabaseType::name, Comparator.reverseOrder()))
                .orElse(JdbcDatabaseType.generic());
    }
}
