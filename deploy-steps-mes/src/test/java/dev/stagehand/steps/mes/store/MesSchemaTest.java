package dev.stagehand.steps.mes.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.jdbc.JdbcDatabaseType;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.steps.sql.types.H2Type;
import dev.stagehand.steps.sql.types.PostgreSqlType;
import dev.stagehand.steps.sql.types.SqlServerType;
import dev.stagehand.testkit.TestDatabase;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MesSchemaTest {

    /** A connection that only records the statements it is given: SQL Server's DDL, without a SQL Server. */
    private static Connection recording(List<String> statements) {
        Statement statement = (Statement) Proxy.newProxyInstance(MesSchemaTest.class.getClassLoader(),
                new Class<?>[] {Statement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "execute" -> {
                        statements.add((String) args[0]);
                        yield false;
                    }
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (Connection) Proxy.newProxyInstance(MesSchemaTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement" -> statement;
                    case "getAutoCommit" -> true;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void onSqlServerTheTablesAreCreatedWithItsTypesAndOnlyWhenMissing() throws Exception {
        List<String> statements = new ArrayList<>();
        for (MesSchema.Migration migration : MesSchema.MIGRATIONS) {
            migration.apply(recording(statements), new SqlServerType());
        }

        assertEquals(5, statements.size(), statements::toString);
        String entries = statements.get(0);
        assertTrue(entries.startsWith("IF OBJECT_ID(N'T_MesIntegrationEntry', N'U') IS NULL CREATE TABLE"
                + " T_MesIntegrationEntry ("), entries);
        assertTrue(entries.contains("Content VARBINARY(MAX) NOT NULL") && entries.contains("Attributes NVARCHAR(MAX)")
                && entries.contains("CreatedAt DATETIME2 NOT NULL") && entries.contains("ProcessedAt DATETIME2,"), entries);
        assertTrue(statements.stream().allMatch(s -> s.startsWith("IF OBJECT_ID(N'")), statements::toString);
        assertTrue(statements.get(1).contains("EntryValue NVARCHAR(MAX)"), statements.get(1));
    }

    private static JdbcDatabaseType type(TestDatabase db) {
        return db.kind == TestDatabase.Kind.H2 ? new H2Type() : new PostgreSqlType();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void deployersMigratingAtOnceApplyEachMigrationOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            int deployers = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(deployers);
            List<Integer> applied = new ArrayList<>();
            try {
                List<Future<List<Integer>>> runs = new ArrayList<>();
                for (int i = 0; i < deployers; i++) {
                    runs.add(pool.submit(() -> {
                        try (JdbcSession session = new JdbcSession(DatabaseConnection.ofUrl("Online", kind.name(), db.url,
                                db.user, db.password), type(db))) {
                            start.await();
                            return MesSchema.migrate(session);
                        }
                    }));
                }
                start.countDown();
                for (Future<List<Integer>> run : runs) {
                    applied.addAll(run.get());
                }
            } finally {
                pool.shutdown();
            }

            assertEquals(List.of(MesSchema.latestVersion()), applied, "one deployer applied it, the others found it");
            assertEquals(List.of("1|integration entries, configuration, license, entity-type operations, services"),
                    db.rows("SELECT Version, Description FROM T_MesSchemaVersion"));
        }
    }
}
