package dev.stagehand.opcon;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.opcon.database.DatabaseSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code config.ini}: where the deployment database is. Its {@code [database]} section has {@code url},
 * {@code user}, {@code password} (or {@code password_env}, the environment variable holding it) and an optional
 * {@code schema}. Without a {@code [database]} url, the database is the embedded H2 file {@code deployments}
 * beside the config file.
 *
 * <pre>
 * [database]
 * url = jdbc:postgresql://db.example.com:5432/stagehand
 * user = stagehand
 * password_env = STAGEHAND_DB_PASSWORD
 * schema = opcon
 * </pre>
 *
 * @param file     the config file read, or where it would be when none exists
 * @param database the database settings
 */
public record DeployConfig(Path file, DatabaseSettings database) {

    /** The environment variable naming the config file when {@code --config} is not given. */
    public static final String CONFIG_VARIABLE = "DEPLOY_CONFIG";
    private static final Set<String> DATABASE_KEYS = Set.of("url", "user", "password", "password_env", "schema");

    /**
     * The config file: {@code option} (it must exist), else {@code $DEPLOY_CONFIG} (it must exist), else
     * {@code ./config.ini}, else {@code ~/.config/stagehand/config.ini}; the last one when none exists (the
     * default H2 database lies beside it).
     */
    public static Path locate(Path option, Map<String, String> environment) {
        if (option != null) {
            return existing(option, "--config");
        }
        String variable = environment.get(CONFIG_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return existing(Path.of(variable), "$" + CONFIG_VARIABLE);
        }
        Path local = Path.of("config.ini");
        if (Files.isRegularFile(local)) {
            return local;
        }
        return Path.of(System.getProperty("user.home"), ".config", "stagehand", "config.ini");
    }

    private static Path existing(Path file, String source) {
        if (!Files.isRegularFile(file)) {
            throw new DeploymentException("no such config file (" + source + ")", Location.ofFile(file.toString()));
        }
        return file;
    }

    /** The config of {@code file}, or the default one beside it when it does not exist. */
    public static DeployConfig read(Path file, Map<String, String> environment) throws IOException {
        Map<String, Map<String, String>> sections = Files.isRegularFile(file) ? parse(file) : Map.of();
        Map<String, String> database = sections.getOrDefault("database", Map.of());
        String url = database.get("url");
        Path folder = file.toAbsolutePath().getParent();
        if (url == null || url.isBlank()) {
            return new DeployConfig(file, new DatabaseSettings("jdbc:h2:file:" + folder.resolve("deployments")
                    .toString().replace('\\', '/'), "sa", "", null));
        }
        String password = database.get("password");
        String passwordEnv = database.get("password_env");
        if (passwordEnv != null) {
            if (password != null) {
                throw new DeploymentException("[database] has both password and password_env: keep one",
                        Location.ofFile(file.toString()));
            }
            password = environment.get(passwordEnv);
            if (password == null) {
                throw new DeploymentException("[database] password_env names " + passwordEnv
                        + ", which is not set", Location.ofFile(file.toString()));
            }
        }
        try {
            return new DeployConfig(file, new DatabaseSettings(url, database.get("user"), password,
                    database.get("schema")));
        } catch (IllegalArgumentException e) {
            throw new DeploymentException("[database] " + e.getMessage(), Location.ofFile(file.toString()));
        }
    }

    /** Sections of {@code key = value} lines; {@code ;} and {@code #} start comments; names are case-insensitive. */
    private static Map<String, Map<String, String>> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            Location at = Location.ofFile(file.toString(), i + 1, 1);
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new DeploymentException("a section header is [name], not " + line, at);
                }
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new DeploymentException("expected key = value or [section], not: " + line, at);
            }
            if (section == null) {
                throw new DeploymentException("a key before any [section]", at);
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1).strip();
            if (section.equals("database") && !DATABASE_KEYS.contains(key)) {
                throw new DeploymentException("unknown key '" + key + "' in [database] (known: url, user, password,"
                        + " password_env, schema)", at);
            }
            if (sections.get(section).put(key, value) != null) {
                throw new DeploymentException("'" + key + "' is given twice in [" + section + "]", at);
            }
        }
        return sections;
    }
}
