package dev.stagehand.target.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stagehand.testkit.ssh.SshKeys;
import dev.stagehand.testkit.ssh.SshdServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ed25519, OpenSSH's default key type (the targets file of the README names {@code id_ed25519}):
 * a passphrase-protected Ed25519 user key, and a server that offers only an Ed25519 host key,
 * checked against a known_hosts file that holds only that key.
 */
class Ed25519KeysTest {

    static final String PASSPHRASE = "ed25519-passphrase-31";
    static final Path HOME = Path.of("target", "sshd", "Ed25519KeysTest").toAbsolutePath();
    static SshdServer server;
    static Path key;
    static Path knownHosts;

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(SshdServer.available(), "openssh-server is not installed (scripts/services.sh installs it)");
        SshTargetTest.deleteTree(HOME);
        key = SshKeys.generateEd25519(HOME.resolve("keys/id_ed25519"), PASSPHRASE);
        Path hostKey = SshKeys.generateEd25519(HOME.resolve("host/ssh_host_ed25519_key"), "");
        server = SshdServer.start("ed25519", HOME.resolve("machine"), SshKeys.publicKey(key),
                List.of("HostKey " + hostKey, "HostKeyAlgorithms ssh-ed25519"));
        String[] hostPublic = Files.readString(SshKeys.publicKey(hostKey)).trim().split("\\s+");
        knownHosts = HOME.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + server.port() + " " + hostPublic[0] + " " + hostPublic[1] + "\n");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEncryptedEd25519UserKeyLogsInAndAnEd25519HostKeyIsVerified() throws Exception {
        Path base = Files.createDirectories(server.root().resolve("ed25519"));
        String uri = server.uri(System.getProperty("user.name"), base, "identity=" + key + "&knownHosts=" + knownHosts);
        Map<String, String> variables = Map.of(SshTargetProvider.PASSPHRASE, PASSPHRASE);
        SshTarget target = (SshTarget) new SshTargetProvider().open(URI.create(uri),
                name -> Optional.ofNullable(variables.get(name)));
        try {
            target.write("hello.txt", new ByteArrayInputStream("over ed25519".getBytes(StandardCharsets.UTF_8)));
        } finally {
            target.close();
        }
        assertEquals("over ed25519", Files.readString(base.resolve("hello.txt")));
    }
}
