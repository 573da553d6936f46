package dev.stagehand.testkit.ssh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One machine for a test: an OpenSSH {@code sshd} run as the current user on a free loopback
 * port, with a configuration, host key, {@code authorized_keys}, log and folders of its own under
 * {@code home}: {@link #root()} for the files a deployment writes, {@code tmp/} as its
 * {@code TMPDIR}, {@link #userHome()} as the sessions' {@code HOME}. {@link #kill()} kills it and every session it serves, as a machine that
 * vanishes mid-deployment; {@link #start()} brings it back on the same port with the same key.
 * Close it (an {@code @AfterAll}) so no process outlives the tests.
 */
public final class SshdServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");

    private final String name;
    private final Path home;
    private final Path hostKey;
    private final int port;
    private final List<String> extraConfig;
    private Process process;

    private SshdServer(String name, Path home, int port, List<String> extraConfig) {
        this.extraConfig = List.copyOf(extraConfig);
        this.name = name;
        this.home = home;
        this.hostKey = home.resolve("ssh_host_ecdsa_key");
        this.port = port;
    }

    /** {@return true when OpenSSH's server is installed here (scripts/services.sh installs it)} */
    public static boolean available() {
        return Files.isExecutable(SSHD) && Files.isExecutable(SFTP_SERVER);
    }

    /**
     * Sets up and starts a machine under {@code home} that lets in the holder of {@code userKey}'s
     * private key.
     *
     * @param name          the machine's name, for messages
     * @param home          its folder (keep it under {@code target/})
     * @param userPublicKey a {@code .pub} file, e.g. from {@link SshKeys#generate}
     * @return the running server
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static SshdServer start(String name, Path home, Path userPublicKey) throws IOException,
            InterruptedException {
        return start(name, home, userPublicKey, List.of());
    }

    /**
     * As {@link #start(String, Path, Path)}, with more lines for its {@code sshd_config} (a machine
     * that offers only some algorithms, say).
     *
     * @param name          the machine's name, for messages
     * @param home          its folder (keep it under {@code target/})
     * @param userPublicKey a {@code .pub} file, e.g. from {@link SshKeys#generate}
     * @param extraConfig   {@code sshd_config} lines, appended
     * @return the running server
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static SshdServer start(String name, Path home, Path userPublicKey, List<String> extraConfig)
            throws IOException, InterruptedException {
        Path folder = home.toAbsolutePath().normalize();
        Files.createDirectories(folder.resolve("root"));
        Files.createDirectories(folder.resolve("tmp"));
        Files.createDirectories(folder.resolve("user-home"));
        Files.copy(userPublicKey, folder.resolve("authorized_keys"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        SshdServer server = new SshdServer(name, folder, freePort(), extraConfig);
        SshKeys.generate(server.hostKey, "");
        server.start();
        return server;
    }

    /**
     * Starts (again) the server on its port with its key; returns once it listens.
     *
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        // sshd refuses to start without its privilege separation folder.
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = home.resolve("sshd_config");
        Files.write(config, List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + home.resolve("sshd.pid"),
                "AuthorizedKeysFile " + home.resolve("authorized_keys"),
                "StrictModes no",
                "UsePAM no",
                "PermitRootLogin yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "Subsystem sftp " + SFTP_SERVER,
                "SetEnv TMPDIR=" + home.resolve("tmp") + " HOME=" + userHome(),
                "MaxSessions 64",
                "MaxStartups 64",
                // VERBOSE: every login and request; DEBUG would also copy debug lines to the clients' standard error.
                "LogLevel VERBOSE"), StandardCharsets.UTF_8);
        Files.write(config, extraConfig, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString()).start();
        process.getOutputStream().close();
        CountDownLatch listening = new CountDownLatch(1);
        Process started = process;
        Thread log = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getErrorStream(),
                    StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log(),
                         StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                         java.nio.file.StandardOpenOption.APPEND), true)) {
                String line;
                while ((line = lines.readLine()) != null) {
                    out.println(line);
                    if (line.contains("Server listening on")) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // The server is gone; the log has what it said.
            } finally {
                listening.countDown();
            }
        }, "sshd log of " + name);
        log.setDaemon(true);
        log.start();
        if (!listening.await(30, TimeUnit.SECONDS) || !process.isAlive()) {
            String said = Files.exists(log()) ? Files.readString(log()) : "";
            kill();
            throw new IOException("sshd " + name + " did not start on port " + port + ": " + said);
        }
    }

    /** Kills the server and every session it serves at once, as a machine that goes away. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> sessions = process.descendants().toList();
        sessions.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle session : sessions) {
                session.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // A session that will not die is the kernel's business now.
        }
        process = null;
    }

    /** {@return whether the server runs} */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** {@return the machine's name} */
    public String name() {
        return name;
    }

    /** {@return the port it listens on} */
    public int port() {
        return port;
    }

    /** {@return the folder standing for this machine's disk, where targets put their base folder} */
    public Path root() {
        return home.resolve("root");
    }

    /**
     * {@return the {@code HOME} of the sessions it serves: empty, so that the rc files of the user
     * running the tests (a {@code .bashrc} setting up pyenv, say) do not run in every session; a
     * test may put a {@code .bashrc} there to see how many shells a client starts}
     */
    public Path userHome() {
        return home.resolve("user-home");
    }

    /** {@return the folder of its configuration, keys and log} */
    public Path home() {
        return home;
    }

    /** {@return the file of what sshd logged (level VERBOSE)} */
    public Path log() {
        return home.resolve("sshd.log");
    }

    /**
     * Its host key's public half, as a known_hosts line names it.
     *
     * @return the known_hosts line
     * @throws IOException when the key cannot be read
     */
    public String knownHostsLine() throws IOException {
        String[] key = Files.readString(SshKeys.publicKey(hostKey), StandardCharsets.UTF_8).trim().split("\\s+");
        return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1];
    }

    /**
     * Gives the server a new host key (a reinstalled machine, or someone in between); restart to use it.
     *
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public void replaceHostKey() throws IOException, InterruptedException {
        SshKeys.generate(hostKey, "");
    }

    /**
     * The URI of a target on this machine.
     *
     * @param user   the user to log in as
     * @param folder the target's base folder
     * @param query  the URI's query (identity, knownHosts...), null or empty for none
     * @return {@code ssh://user@127.0.0.1:port} + the absolute folder, plus the query when given
     */
    public String uri(String user, Path folder, String query) {
        return "ssh://" + user + "@127.0.0.1:" + port + folder.toAbsolutePath().normalize()
                + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        kill();
    }

    @Override
    public String toString() {
        return "sshd " + name + " on 127.0.0.1:" + port;
    }
}
