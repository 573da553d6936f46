package dev.stagehand.target.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection of a target, opened on first use and kept for the whole deployment, with a
 * small pool of SFTP channels on it. A transient network failure (the connection dropped, a reset,
 * a timeout) reconnects and retries, a bounded number of times; an answer of the server (no such
 * file, permission denied), a refused host key and failed authentication are never retried.
 */
final class SshConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SshConnection.class);

    /** An operation over one SFTP channel. */
    interface SftpWork<T> {
        T apply(SftpClient sftp) throws IOException;
    }

    /** An operation over the session. */
    interface SessionWork<T> {
        T apply(ClientSession session) throws IOException;
    }

    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<String> CLOSE_REASON =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    private final SshSettings settings;
    private final SshClient client;
    private final KnownHostsVerifier verifier;
    private final Semaphore channels;
    private final Deque<SftpClient> idle = new ArrayDeque<>();
    private final Semaphore shells;
    private final Deque<HelperShell> idleShells = new ArrayDeque<>();
    private ClientSession session;
    private boolean closed;

    SshConnection(SshSettings settings) {
        this.settings = settings;
        this.verifier = new KnownHostsVerifier(settings.knownHosts(), settings.host(), settings.port());
        this.channels = new Semaphore(settings.parallelism());
        this.shells = new Semaphore(settings.parallelism());
        client = SshClient.setUpDefaultClient();
        // MINA SSHD 2.13's sntrup761x25519 key exchange (OpenSSH 9's first choice) now and then
        // computes a wrong exchange hash (apache/mina-sshd#525): the connection then fails as
        // "KeyExchange signature verification failed". The curve25519 and ECDH exchanges remain.
        client.setKeyExchangeFactories(client.getKeyExchangeFactories().stream()
                .filter(factory -> !factory.getName().startsWith("sntrup")).toList());
        // AES-GCM first: the JDK computes it with the processor's AES instructions, while its
        // ChaCha20-Poly1305 (MINA's first choice) is plain Java and was most of the CPU of a copy.
        client.setCipherFactories(client.getCipherFactories().stream()
                .sorted(java.util.Comparator.comparingInt(factory -> factory.getName().contains("-gcm") ? 0 : 1))
                .toList());
        client.setServerKeyVerifier(verifier);
        client.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionException(org.apache.sshd.common.session.Session session, Throwable t) {
                session.setAttribute(CLOSE_REASON, t.getMessage());
            }

            @Override
            public void sessionDisconnect(org.apache.sshd.common.session.Session session, int reason, String msg,
                                          String language, boolean initiator) {
                session.setAttribute(CLOSE_REASON, msg);
            }
        });
        // Never ask for anything on a terminal, never read ~/.ssh behind the settings' back.
        client.setUserInteraction(null);
        client.setKeyIdentityProvider(null);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepAlive());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 4);
        client.start();
    }

    SshSettings settings() {
        return settings;
    }

    /** The open session, connecting (and authenticating) when there is none or it was lost. */
    synchronized ClientSession session() throws IOException {
        if (closed) {
            throw new IOException("the connection to " + settings.name() + " is closed");
        }
        if (session != null && session.isOpen() && !session.isClosing()) {
            return session;
        }
        if (session != null) {
            LOG.info("the connection to {} was lost; reconnecting", settings.name());
            dropSession();
        }
        session = connect();
        return session;
    }

    private ClientSession connect() throws IOException {
        long timeout = settings.connectTimeout().toMillis();
        ClientSession opened = null;
        try {
            opened = client.connect(settings.user(), settings.host(), settings.port()).verify(timeout).getSession();
            // The key exchange runs before any login: its failure is not a refused key, and says so.
            var state = opened.waitFor(java.util.EnumSet.of(ClientSession.ClientSessionEvent.WAIT_AUTH,
                    ClientSession.ClientSessionEvent.AUTHED, ClientSession.ClientSessionEvent.CLOSED), timeout);
            if (!state.contains(ClientSession.ClientSessionEvent.WAIT_AUTH)
                    && !state.contains(ClientSession.ClientSessionEvent.AUTHED) && verifier.refusal() == null) {
                throw new KeyExchangeException(settings.name(), state.contains(ClientSession.ClientSessionEvent.TIMEOUT)
                        ? "no answer within " + settings.connectTimeout().toSeconds() + " s" : closeReason(opened));
            }
            if (settings.identity() != null) {
                opened.addPublicKeyIdentity(loadKey());
            }
            if (settings.password() != null) {
                opened.addPasswordIdentity(settings.password());
            }
            opened.auth().verify(timeout);
            LOG.debug("connected to {} ({})", settings.name(), settings.address());
            return opened;
        } catch (IOException | RuntimeException e) {
            String refusal = verifier.refusal();
            if (opened != null) {
                opened.close(true);
            }
            if (refusal != null) {
                throw new HostKeyException(settings.name() + ": " + refusal, e);
            }
            if (opened == null || e instanceof AuthenticationException || e instanceof KeyExchangeException) {
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
            throw new AuthenticationException("cannot log in to " + settings.name() + " as " + settings.user() + ": "
                    + (settings.identity() != null ? "the server does not accept the key " + settings.identity()
                    : "the password is not accepted") + " (" + e.getMessage() + ")", e);
        }
    }

    private KeyPair loadKey() throws IOException {
        if (!Files.isRegularFile(settings.identity())) {
            throw new AuthenticationException("the key file " + settings.identity() + " of " + settings.name()
                    + " does not exist", null);
        }
        FilePasswordProvider passphrase = settings.passphrase() == null ? FilePasswordProvider.EMPTY
                : FilePasswordProvider.of(settings.passphrase());
        try (var in = Files.newInputStream(settings.identity())) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, new PathResource(settings.identity()),
                    in, passphrase);
            if (keys != null) {
                for (KeyPair key : keys) {
                    return key;
                }
            }
            throw new AuthenticationException("the key file " + settings.identity() + " holds no private key", null);
        } catch (AuthenticationException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The message never carries the passphrase; a wrong one shows as a decryption failure.
            throw new AuthenticationException("the key file " + settings.identity() + " cannot be read"
                    + (settings.passphrase() == null ? " (does it need a passphrase?)" : " (is the passphrase right?)")
                    + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** Runs an operation on an SFTP channel of the pool, retrying transient failures. */
    <T> T sftp(String what, SftpWork<T> work) throws IOException {
        return retrying(what, () -> once(work));
    }

    /** Runs an operation that cannot be repeated (it reads a stream) on an SFTP channel, without retrying. */
    <T> T sftpOnce(SftpWork<T> work) throws IOException {
        return once(work);
    }

    private <T> T once(SftpWork<T> work) throws IOException {
        SftpClient sftp = borrow();
        boolean broken = true;
        try {
            T result = work.apply(sftp);
            broken = false;
            return result;
        } catch (SftpException e) {
            broken = false;
            throw e;
        } finally {
            giveBack(sftp, broken);
        }
    }

    /** An SFTP channel to keep (for a stream), given back with {@link #giveBack}. */
    SftpClient borrow() throws IOException {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for an SFTP channel of " + settings.name());
        }
        try {
            synchronized (this) {
                while (!idle.isEmpty()) {
                    SftpClient sftp = idle.pop();
                    if (sftp.isOpen() && sftp.getClientSession() == session && session.isOpen()) {
                        return sftp;
                    }
                    closeQuietly(sftp);
                }
            }
            return SftpClientFactory.instance().createSftpClient(session());
        } catch (IOException | RuntimeException e) {
            channels.release();
            throw e;
        }
    }

    void giveBack(SftpClient sftp, boolean broken) {
        try {
            synchronized (this) {
                if (!broken && !closed && sftp.isOpen()) {
                    idle.push(sftp);
                    return;
                }
            }
            closeQuietly(sftp);
        } finally {
            channels.release();
        }
    }

    /**
     * Runs a helper command on one of the kept shells of the connection (at most
     * {@link SshSettings#parallelism()} at once), retrying transient failures.
     */
    HelperShell.Output helper(String what, String command, java.time.Duration timeout) throws IOException {
        return retrying(what, () -> {
            HelperShell shell = borrowShell();
            boolean broken = true;
            try {
                HelperShell.Output output = shell.run(command, timeout);
                broken = false;
                return output;
            } finally {
                giveBackShell(shell, broken);
            }
        });
    }

    private HelperShell borrowShell() throws IOException {
        try {
            shells.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a helper shell of " + settings.name());
        }
        try {
            ClientSession current = session();
            synchronized (this) {
                while (!idleShells.isEmpty()) {
                    HelperShell shell = idleShells.pop();
                    if (shell.usableOn(current)) {
                        return shell;
                    }
                    shell.close();
                }
            }
            return HelperShell.open(current, settings.connectTimeout());
        } catch (IOException | RuntimeException e) {
            shells.release();
            throw e;
        }
    }

    private void giveBackShell(HelperShell shell, boolean broken) {
        try {
            synchronized (this) {
                if (!broken && !closed) {
                    idleShells.push(shell);
                    return;
                }
            }
            shell.close();
        } finally {
            shells.release();
        }
    }

    /** Runs an operation on the session, retrying transient failures. */
    <T> T withSession(String what, SessionWork<T> work) throws IOException {
        return retrying(what, () -> work.apply(session()));
    }

    private interface Attempt<T> {
        T run() throws IOException;
    }

    private <T> T retrying(String what, Attempt<T> attempt) throws IOException {
        // Each a round trip or more: what a profile of a deployment counts.
        LOG.trace("{} on {}", what, settings.name());
        int failures = 0;
        while (true) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (!transient_(e) || failures >= settings.retries()) {
                    throw e;
                }
                failures++;
                LOG.warn("{} on {} failed ({}); retrying ({} of {})", what, settings.name(), e.getMessage(), failures,
                        settings.retries());
                synchronized (this) {
                    dropSession();
                }
            }
        }
    }

    /** A network failure worth a reconnect; not an answer of the server nor a refusal. */
    static boolean transient_(IOException e) {
        // Whatever else went wrong happened to the connection: a refused or reset socket, a
        // timeout, a channel closed under us. A server that is restarting answers again soon.
        return !(e instanceof SftpException || e instanceof HostKeyException || e instanceof AuthenticationException
                || e instanceof RemoteFailure || e instanceof InterruptedIOException
                || e instanceof java.io.FileNotFoundException || e instanceof java.nio.file.FileSystemException);
    }

    private void dropSession() {
        idle.forEach(SshConnection::closeQuietly);
        idle.clear();
        idleShells.forEach(HelperShell::close);
        idleShells.clear();
        if (session != null) {
            try {
                session.close(true);
            } catch (RuntimeException e) {
                LOG.debug("closing a broken session of {}: {}", settings.name(), e.toString());
            }
            session = null;
        }
    }

    private static void closeQuietly(SftpClient sftp) {
        try {
            sftp.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing an SFTP channel: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        dropSession();
        client.stop();
    }

    /** The server's key is not the one known_hosts lists for it. */
    static final class HostKeyException extends IOException {
        HostKeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Why a session closed, as far as the listener heard: the exception it closed on, or the server's reason. */
    private static String closeReason(ClientSession session) {
        String reason = session.getAttribute(CLOSE_REASON);
        return reason == null ? "the server closed the connection" : reason;
    }

    /**
     * The client and the server agreed on no key exchange, or it failed (a transient failure:
     * retried, as a reconnect may well succeed).
     */
    static final class KeyExchangeException extends IOException {
        KeyExchangeException(String target, String reason) {
            super("the key exchange with " + target + " failed, before any login: " + reason
                    + " (do client and server share a key exchange algorithm? a firewall or proxy in between?)");
        }
    }

    /** The key or the password was not accepted, or the key file cannot be used. */
    static final class AuthenticationException extends IOException {
        AuthenticationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
