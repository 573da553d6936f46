package dev.stagehand.target.ssh;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.TargetProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ssh://user@host:port/base/folder} targets. The URI's query may name the key file and the
 * known_hosts file ({@code ?identity=keys/id_ecdsa&knownHosts=known_hosts}, relative to the working
 * folder), the target's name ({@code name=app1}), {@code connectTimeout} and {@code keepAlive}
 * (seconds), {@code retries} and {@code parallelism}. Without them: {@code ~/.ssh/id_ed25519},
 * {@code id_ecdsa} or {@code id_rsa}, and {@code ~/.ssh/known_hosts}. A key's passphrase and a
 * password are secrets and never part of a URI: they come from the deployment's variables
 * {@value #PASSPHRASE} and {@value #PASSWORD} (or the variables named by {@code passphraseVariable}
 * and {@code passwordVariable}).
 */
@AutoService(TargetProvider.class)
public final class SshTargetProvider implements TargetProvider {

    public static final String SCHEME = "ssh";
    /** The variable holding the key file's passphrase, unless the URI names another. */
    public static final String PASSPHRASE = "Ssh.Passphrase";
    /** The variable holding the user's password, unless the URI names another. */
    public static final String PASSWORD = "Ssh.Password";
    private static final Set<String> OPTIONS = Set.of("identity", "knownHosts", "name", "connectTimeout", "keepAlive",
            "retries", "parallelism", "passphraseVariable", "passwordVariable");

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public DeploymentTarget open(URI uri, Function<String, Optional<String>> variables) throws IOException {
        return new SshTarget(settings(uri, variables));
    }

    /**
     * The settings a URI gives.
     *
     * @throws DeploymentException naming the URI (without its query) when it is not a usable SSH target
     */
    public static SshSettings settings(URI uri, Function<String, Optional<String>> variables) {
        String shown = SCHEME + "://" + (uri.getRawAuthority() == null ? "" : uri.getRawAuthority().replaceAll(":[^@]*@",
                ":****@")) + (uri.getRawPath() == null ? "" : uri.getRawPath());
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw bad(shown, "it names no host (ssh://user@host:port/base/folder)");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw bad(shown, "a password never belongs in a URI; give it as the variable " + PASSWORD);
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        Map<String, String> query = query(uri, shown);
        String user = uri.getUserInfo() != null ? uri.getUserInfo() : System.getProperty("user.name", "root");
        int port = uri.getPort() < 0 ? SshSettings.DEFAULT_PORT : uri.getPort();
        String defaultName = SCHEME + "://" + uri.getHost() + (port == SshSettings.DEFAULT_PORT ? "" : ":" + port)
                + SshTarget.normalize(path);
        Path home = Path.of(System.getProperty("user.home", "."), ".ssh");
        Path identity = query.containsKey("identity") ? Path.of(query.get("identity")) : defaultIdentity(home);
        Path knownHosts = Path.of(query.getOrDefault("knownHosts", home.resolve("known_hosts").toString()));
        String passphrase = variables.apply(query.getOrDefault("passphraseVariable", PASSPHRASE)).orElse(null);
        String password = variables.apply(query.getOrDefault("passwordVariable", PASSWORD)).orElse(null);
        if (identity == null && password == null) {
            throw bad(shown, "no key file (?identity=FILE, or one in " + home + ") and no password (" + PASSWORD + ")");
        }
        try {
            return new SshSettings(query.getOrDefault("name", defaultName), user, uri.getHost(), port,
                    SshTarget.normalize(path), identity, passphrase, password, knownHosts,
                    seconds(query, "connectTimeout", SshSettings.DEFAULT_CONNECT_TIMEOUT, shown),
                    number(query, "retries", SshSettings.DEFAULT_RETRIES, shown),
                    seconds(query, "keepAlive", SshSettings.DEFAULT_KEEP_ALIVE, shown),
                    number(query, "parallelism", SshSettings.DEFAULT_PARALLELISM, shown));
        } catch (IllegalArgumentException e) {
            throw bad(shown, e.getMessage());
        }
    }

    private static Path defaultIdentity(Path home) {
        for (String name : List.of("id_ed25519", "id_ecdsa", "id_rsa")) {
            if (Files.isRegularFile(home.resolve(name))) {
                return home.resolve(name);
            }
        }
        return null;
    }

    private static Map<String, String> query(URI uri, String shown) {
        Map<String, String> values = new LinkedHashMap<>();
        if (uri.getRawQuery() == null || uri.getRawQuery().isEmpty()) {
            return values;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!OPTIONS.contains(key)) {
                throw bad(shown, "unknown option '" + key + "' (known: " + String.join(", ", OPTIONS.stream().sorted()
                        .toList()) + ")");
            }
            values.put(key, value);
        }
        return values;
    }

    private static int number(Map<String, String> query, String key, int otherwise, String shown) {
        try {
            return query.containsKey(key) ? Integer.parseInt(query.get(key)) : otherwise;
        } catch (NumberFormatException e) {
            throw bad(shown, key + " must be a whole number, not '" + query.get(key) + "'");
        }
    }

    private static Duration seconds(Map<String, String> query, String key, Duration otherwise, String shown) {
        return query.containsKey(key) ? Duration.ofSeconds(number(query, key, 0, shown)) : otherwise;
    }

    private static DeploymentException bad(String uri, String why) {
        return new DeploymentException("target " + uri + ": " + why, Location.UNKNOWN);
    }
}
