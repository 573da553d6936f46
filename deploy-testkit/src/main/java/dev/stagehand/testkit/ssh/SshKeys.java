package dev.stagehand.testkit.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key pairs made with OpenSSH's {@code ssh-keygen}: ECDSA P-256 (the JDK reads it without extra providers) or Ed25519. */
public final class SshKeys {

    private SshKeys() {
    }

    /**
     * Generates {@code file} (the private key, OpenSSH format) and {@code file.pub}.
     *
     * @param file       the private key file to make
     * @param passphrase the key's passphrase, empty for none
     * @return {@code file}
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Path generate(Path file, String passphrase) throws IOException, InterruptedException {
        return keygen(file, passphrase, List.of("-t", "ecdsa", "-b", "256"));
    }

    /**
     * Generates an Ed25519 key pair: {@code file} (the private key, OpenSSH format, encrypted with
     * bcrypt when it has a passphrase) and {@code file.pub}.
     *
     * @param file       the private key file to make
     * @param passphrase the key's passphrase, empty for none
     * @return {@code file}
     * @throws IOException when a file cannot be written or the process not started
     * @throws InterruptedException when interrupted while waiting for it
     */
    public static Path generateEd25519(Path file, String passphrase) throws IOException, InterruptedException {
        return keygen(file, passphrase, List.of("-t", "ed25519"));
    }

    private static Path keygen(Path file, String passphrase, List<String> type) throws IOException,
            InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.deleteIfExists(publicKey(file));
        List<String> command = new java.util.ArrayList<>(List.of("ssh-keygen", "-q"));
        command.addAll(type);
        command.addAll(List.of("-N", passphrase, "-C", "stagehand-test", "-f", file.toString()));
        run(command);
        return file;
    }

    /**
     * The public key file of a private key made by {@link #generate}.
     *
     * @param privateKey the private key file
     * @return its {@code .pub} sibling
     */
    public static Path publicKey(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }

    static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " failed: " + output);
        }
    }
}
