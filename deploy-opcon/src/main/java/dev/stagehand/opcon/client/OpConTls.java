package dev.stagehand.opcon.client;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.opcon.BatchScheduleServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context a server definition asks for: trusting the CA certificates of its PEM file, or its trust
 * store, or (neither given) the JDK's CAs. Never one that trusts all: an internal CA is configured, not bypassed.
 */
final class OpConTls {

    private OpConTls() {
    }

    static SSLContext context(BatchScheduleServer server, Map<String, String> environment) {
        try {
            if (server.caFile() != null) {
                return trusting(pem(server));
            }
            if (server.trustStore() != null) {
                return trusting(store(server, environment));
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, null, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new DeploymentException("no TLS context for server " + server.name() + ": " + e.getMessage(),
                    Location.UNKNOWN, e);
        }
    }

    private static KeyStore pem(BatchScheduleServer server) throws GeneralSecurityException {
        Location file = Location.ofFile(server.caFile().toString());
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(server.caFile())) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | java.security.cert.CertificateException e) {
            throw new DeploymentException("the CA file of server " + server.name() + " cannot be read as PEM"
                    + " certificates: " + e.getMessage(), file, e);
        }
        if (certificates.isEmpty()) {
            throw new DeploymentException("the CA file of server " + server.name() + " holds no certificate", file);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        return trusted;
    }

    private static KeyStore store(BatchScheduleServer server, Map<String, String> environment)
            throws GeneralSecurityException {
        char[] password = null;
        if (server.trustStorePasswordEnv() != null) {
            String value = environment.get(server.trustStorePasswordEnv());
            if (value == null) {
                throw new DeploymentException("the trust store password of server " + server.name() + " is read from "
                        + server.trustStorePasswordEnv() + ", which is not set", Location.UNKNOWN);
            }
            password = value.toCharArray();
        }
        try {
            // PKCS12 and JKS alike: the JDK's keystore loader tells them apart by their content.
            return KeyStore.getInstance(server.trustStore().toFile(), password);
        } catch (IOException e) {
            throw new DeploymentException("the trust store of server " + server.name() + " cannot be read: "
                    + e.getMessage(), Location.ofFile(server.trustStore().toString()), e);
        }
    }

    private static SSLContext trusting(KeyStore trusted) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
