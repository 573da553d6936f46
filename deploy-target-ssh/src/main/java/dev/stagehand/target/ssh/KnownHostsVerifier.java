package dev.stagehand.target.ssh;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Strict host-key checking: the server's key must be listed for its host (and port) in the
 * known_hosts file. An unknown key and a changed one are both refused, never added: a deployer
 * that trusts whatever answers would hand its files and secrets to whoever sits in between. The
 * reason, with the key's fingerprint and what to do, is kept for the connection's error.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {

    private final Path knownHosts;
    private final String host;
    private final int port;
    private volatile String refusal;

    KnownHostsVerifier(Path knownHosts, String host, int port) {
        this.knownHosts = knownHosts;
        this.host = host;
        this.port = port;
    }

    /** Why the last key was refused, null when none was. */
    String refusal() {
        return refusal;
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
        String fingerprint = KeyUtils.getFingerPrint(serverKey);
        String type = KeyUtils.getKeyType(serverKey);
        String hostEntry = port == SshSettings.DEFAULT_PORT ? host : "[" + host + "]:" + port;
        if (!Files.isRegularFile(knownHosts)) {
            refusal = "the known_hosts file " + knownHosts + " does not exist, so the " + type + " key " + fingerprint
                    + " of " + hostEntry + " cannot be checked; check that fingerprint with the machine's"
                    + " administrator, then add its line (ssh-keyscan -p " + port + " " + host + ") to that file";
            return false;
        }
        List<PublicKey> listed = new ArrayList<>();
        try {
            for (KnownHostEntry entry : KnownHostEntry.readKnownHostEntries(knownHosts)) {
                if (entry.getKeyEntry() != null && entry.isHostMatch(host, port)
                        && entry.getMarker() == null) {
                    // Marked lines (@revoked, @cert-authority) never vouch for a plain host key.
                    listed.add(entry.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            refusal = "the known_hosts file " + knownHosts + " cannot be read: " + e.getMessage();
            return false;
        }
        for (PublicKey key : listed) {
            if (key != null && KeyUtils.compareKeys(key, serverKey)) {
                refusal = null;
                return true;
            }
        }
        if (listed.isEmpty()) {
            refusal = "the host key of " + hostEntry + " is unknown: " + type + " " + fingerprint + " is not in "
                    + knownHosts + "; check that fingerprint with the machine's administrator, then add its line"
                    + " (ssh-keyscan -p " + port + " " + host + ") to that file";
        } else {
            refusal = "the host key of " + hostEntry + " has CHANGED: it offers " + type + " " + fingerprint
                    + ", which is not the key " + knownHosts + " lists for it; someone may be intercepting the"
                    + " connection. If the machine was reinstalled, confirm the new fingerprint with its administrator"
                    + " and replace its line in that file";
        }
        return false;
    }
}
