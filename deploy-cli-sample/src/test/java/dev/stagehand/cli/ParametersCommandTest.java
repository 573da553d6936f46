package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy parameters}: the sample system's wizard as terminal prompts, answered from a script. */
class ParametersCommandTest {

    /** The sample database's password, as samples/parameters.json gives it. */
    static final String DB_PASSWORD = "sample-db-secret";

    @TempDir
    Path temp;

    private final InputStream stdin = System.in;
    private String databaseUrl;

    @BeforeEach
    void sampleDatabaseExistsWithItsPassword() throws Exception {
        // The database server of the system to set up exists already: a wrong password is refused by it.
        databaseUrl = "jdbc:h2:file:" + temp.resolve("install/db/online").toString().replace('\\', '/');
        DriverManager.getConnection(databaseUrl, "sa", DB_PASSWORD).close();
    }

    @AfterEach
    void restoreStandardInput() {
        System.setIn(stdin);
    }

    private CliRun answer(String script, String... extra) {
        System.setIn(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        String[] base = {"parameters", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--set", "Product.InstallationPath=" + temp.resolve("install"),
                "--set", "Product.Database.Online.Url=" + databaseUrl,
                "--state", temp.resolve("state").toString(), "--out", temp.resolve("parameters.json").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void promptsInWizardOrderRefusesAWrongDatabasePasswordAndWritesAnOwnerOnlyFileThatInstalls() throws Exception {
        // General: name, folder; Database: type, URL, user, password (wrong, then again with the right one);
        // Web: port, theme, admin password; Reports: folder; then save the passwords.
        String script = "\n\n" + "\n\n\nwrong\n" + "\n\n\n" + DB_PASSWORD + "\n" + "\n\nadmin-secret\n" + "\n" + "y\n";

        CliRun run = answer(script);

        assertEquals(0, run.exitCode(), run.out() + run.err());
        String out = run.out();
        int general = out.indexOf("== General");
        int database = out.indexOf("== Database");
        int web = out.indexOf("== Web");
        int reports = out.indexOf("== Reports");
        assertTrue(general >= 0 && general < database && database < web && web < reports, out);
        assertTrue(out.indexOf("Wrong user name or password") > database
                && out.indexOf("Wrong user name or password") < web, out);
        assertFalse(out.contains(DB_PASSWORD) || out.contains("admin-secret"), out);
        Path written = temp.resolve("parameters.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        JsonNode values = new ObjectMapper().readTree(written.toFile());
        assertEquals(DB_PASSWORD, values.path("Product.Database.Online.Password").asText());
        assertEquals("admin-secret", values.path("Product.Web.AdminPassword").asText());
        assertEquals("8080", values.path("Product.Web.Port").asText());

        CliRun install = CliRun.of("install", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", written.toString(), "--state", temp.resolve("state").toString(), "--yes");
        assertEquals(0, install.exitCode(), install.out() + install.err());
        assertTrue(install.out().contains("6 succeeded"), install.out());
    }

    @Test
    void aRequiredValueLeftEmptyIsAskedAgainAndPasswordsAreLeftOutUnlessSaved() throws Exception {
        String script = "\n\n" + "\n\n\n" + DB_PASSWORD + "\n" + "\n\n\nadmin-secret\n" + "\n" + "n\n";

        CliRun run = answer(script);

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("variable Product.Web.AdminPassword (Administrator password) is required and"
                + " has no value"), run.out());
        JsonNode values = new ObjectMapper().readTree(temp.resolve("parameters.json").toFile());
        assertTrue(values.path("Product.Database.Online.Password").isMissingNode(), values::toString);
        assertTrue(values.path("Product.Web.AdminPassword").isMissingNode(), values::toString);
        assertEquals("sa", values.path("Product.Database.Online.User").asText());
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsAskedAgain() throws Exception {
        String script = "\n\n" + "\n\n\n" + DB_PASSWORD + "\n" + "99999\n8081\n\nadmin-secret\n" + "\n" + "n\n";

        CliRun run = answer(script);

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("'99999' is not a port between 1 and 65535"), run.out());
        JsonNode values = new ObjectMapper().readTree(temp.resolve("parameters.json").toFile());
        assertEquals("8081", values.path("Product.Web.Port").asText());
    }

    @Test
    void inputThatEndsBeforeEveryValueIsGivenWritesNothing() {
        CliRun run = answer("\n\n");

        assertEquals(DeployCommand.FAILED, run.exitCode());
        assertTrue(run.err().contains("the input ended before every value was given; nothing was written"), run.err());
        assertFalse(Files.exists(temp.resolve("parameters.json")));
    }
}
