package dev.stagehand.target.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach one SSH target.
 *
 * @param name           the target's name in messages and the journal
 * @param user           the remote user
 * @param host           the host name or address
 * @param port           the SSH port
 * @param base           the absolute base folder on the remote machine
 * @param identity       the private key file, null to use a password only
 * @param passphrase     the key file's passphrase (a secret), null when it has none
 * @param password       the user's password (a secret), null for key authentication only
 * @param knownHosts     the known_hosts file the server's key must be in
 * @param connectTimeout how long connecting and authenticating may take
 * @param retries        how many times a transient network failure is retried (reconnecting)
 * @param keepAlive      the interval of keep-alive messages on an idle connection
 * @param parallelism    how many SFTP channels serve file operations at once
 */
public record SshSettings(String name, String user, String host, int port, String base, Path identity,
                          String passphrase, String password, Path knownHosts, Duration connectTimeout, int retries,
                          Duration keepAlive, int parallelism) {

    public static final int DEFAULT_PORT = 22;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);
    public static final int DEFAULT_PARALLELISM = 4;

    public SshSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(knownHosts, "knownHosts");
        if (!base.startsWith("/")) {
            throw new IllegalArgumentException("the base folder of an SSH target must be absolute: " + base);
        }
        if (retries < 0 || parallelism < 1) {
            throw new IllegalArgumentException("retries must not be negative and parallelism must be positive");
        }
    }

    /** user@host:port, as messages name the machine. */
    public String address() {
        return user + "@" + host + ":" + port;
    }

    /** Never shows the password or the passphrase. */
    @Override
    public String toString() {
        return "SshSettings[" + name + " " + address() + base + ", identity " + identity + ", known hosts " + knownHosts
                + (password == null ? "" : ", password ****") + (passphrase == null ? "" : ", passphrase ****") + "]";
    }
}
