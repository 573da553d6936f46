package dev.stagehand.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.database.DatabaseConnection;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSessionTest {

    @TempDir
    Path plugin;

    /** A driver of {@code jdbc:fake:} URLs, registered only by a "plugin" folder's service file. */
    public static final class FakeDriver implements Driver {
        @Override
        public Connection connect(String url, Properties info) {
            if (!acceptsURL(url)) {
                return null;
            }
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> method.getName().equals("getCatalog") ? info.getProperty("user") : null);
        }

        @Override
        public boolean acceptsURL(String url) {
            return url.startsWith("jdbc:fake:");
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }
    }

    @Test
    void aDriverThatOnlyThePluginsClassLoaderSeesIsFound() throws Exception {
        Path services = Files.createDirectories(plugin.resolve("META-INF/services"));
        Files.writeString(services.resolve(Driver.class.getName()), FakeDriver.class.getName() + "\n");
        DatabaseConnection fake = DatabaseConnection.ofUrl("Online", null, "jdbc:fake:x", "deployer", "pw");

        assertThrows(SQLException.class, () -> JdbcSession.open(fake), "the module's own loader has no such driver");
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[] {plugin.toUri().toURL()},
                getClass().getClassLoader())) {
            Connection connection = JdbcSession.open(fake, JdbcDatabaseType.generic(), pluginLoader);

            assertEquals("deployer", connection.getCatalog(), "the fake driver got the connection's user");
        }
    }

    @Test
    void theDriversOfTheThreadsContextClassLoaderAreFoundToo() throws Exception {
        Path services = Files.createDirectories(plugin.resolve("META-INF/services"));
        Files.writeString(services.resolve(Driver.class.getName()), FakeDriver.class.getName() + "\n");
        DatabaseConnection fake = DatabaseConnection.ofUrl("Online", null, "jdbc:fake:y", "ctx", null);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[] {plugin.toUri().toURL()},
                getClass().getClassLoader())) {
            thread.setContextClassLoader(pluginLoader);
            assertTrue(JdbcSession.open(fake) != null);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
