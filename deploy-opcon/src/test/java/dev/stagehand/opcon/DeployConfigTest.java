package dev.stagehand.opcon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.opcon.database.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployConfigTest {

    private static final Path CONFIGS = Path.of("src/test/resources/config");

    @TempDir
    Path temp;

    @Test
    void theDatabaseSectionGivesTheDatabaseWithItsPasswordFromTheEnvironment() throws Exception {
        DeployConfig config = DeployConfig.read(CONFIGS.resolve("postgres.ini"),
                Map.of("STAGEHAND_DB_PASSWORD", "db-secret"));

        assertEquals(new DatabaseSettings("jdbc:postgresql://db.example.com:5432/stagehand", "stagehand", "db-secret",
                "opcon"), config.database());
        assertFalse(config.database().toString().contains("db-secret"), "the settings' text leaves the password out");
    }

    @Test
    void withoutAConfigFileTheDatabaseIsAnH2FileBesideWhereItWouldBe() throws Exception {
        DeployConfig config = DeployConfig.read(temp.resolve("config.ini"), Map.of());

        assertEquals("jdbc:h2:file:" + temp.toAbsolutePath().resolve("deployments").toString().replace('\\', '/'),
                config.database().url());
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndLine() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> DeployConfig.read(CONFIGS.resolve("unknown-key.ini"), Map.of()));

        assertTrue(e.getMessage().contains("unknown-key.ini:3"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown key 'passwd' in [database]"), e.getMessage());
    }

    @Test
    void aPasswordVariableThatIsNotSetIsAnErrorNamingIt() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> DeployConfig.read(CONFIGS.resolve("postgres.ini"), Map.of()));

        assertTrue(e.getMessage().contains("password_env names STAGEHAND_DB_PASSWORD, which is not set"),
                e.getMessage());
    }

    @Test
    void theConfigOptionWinsOverTheVariableAndANamedFileMustExist() throws Exception {
        Path given = Files.writeString(temp.resolve("given.ini"), "[database]\n");
        Path variable = Files.writeString(temp.resolve("variable.ini"), "[database]\n");

        assertEquals(given, DeployConfig.locate(given, Map.of(DeployConfig.CONFIG_VARIABLE, variable.toString())));
        assertEquals(variable, DeployConfig.locate(null, Map.of(DeployConfig.CONFIG_VARIABLE, variable.toString())));
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> DeployConfig.locate(temp.resolve("missing.ini"), Map.of()));
        assertTrue(e.getMessage().contains("no such config file (--config)"), e.getMessage());
    }
}
