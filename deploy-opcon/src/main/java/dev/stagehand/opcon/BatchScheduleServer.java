package dev.stagehand.opcon;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The OpCon system that schedules deployments, as the seed's BatchScheduleServer definition has it.
 *
 * @param name                  the definition's name ({@code deploy schedule --server NAME})
 * @param address               the host name of the OpCon REST API, as its certificate names it
 * @param serverPort            the seed's "Server Port" (9011): stored and shown, not used by the client, which
 *                              calls the API port only
 * @param apiPort               the port of the REST API (9010 by default)
 * @param usingTls              must be true: the client refuses a definition without TLS
 * @param caFile                a PEM file of the internal CA certificates to trust, or null
 * @param trustStore            a trust store (PKCS12 or JKS) to trust instead, or null; neither: the JDK's CAs
 * @param trustStorePasswordEnv the environment variable holding the trust store's password, or null
 * @param timeZone              the server's time zone (the API does not report it): the daily schedule's date
 *                              is the calendar date there
 */
public record BatchScheduleServer(String name, String address, int serverPort, int apiPort, boolean usingTls,
                                  Path caFile, Path trustStore, String trustStorePasswordEnv, ZoneId timeZone) {

    public static final int DEFAULT_SERVER_PORT = 9011;
    public static final int DEFAULT_API_PORT = 9010;

    /** A host name or address: no scheme, no path, no port, no user. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}");

    public BatchScheduleServer {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("the server name '" + name + "' is not 1 to 100 letters, digits, '.', '_' or '-'");
        }
        if (address == null || !HOST.matcher(address).matches()) {
            throw invalid("the server address '" + address + "' is not a host name (give the host alone, without"
                    + " https:// or a port: the API port is --api-port)");
        }
        port("server port", serverPort);
        port("API port", apiPort);
        if (caFile != null && trustStore != null) {
            throw invalid("give the CA as a PEM file or as a trust store, not both");
        }
        if (trustStorePasswordEnv != null && trustStore == null) {
            throw invalid("a trust store password variable is given without a trust store");
        }
        if (timeZone == null) {
            throw invalid("the server's time zone is missing");
        }
    }

    private static void port(String what, int port) {
        if (port < 1 || port > 65535) {
            throw invalid("the " + what + " must be between 1 and 65535, not " + port);
        }
    }

    private static DeploymentException invalid(String message) {
        return new DeploymentException(message, Location.UNKNOWN);
    }

    /** {@code https://address:apiPort/api/}, where every call of the REST API goes. */
    public URI apiBase() {
        return URI.create("https://" + address + ":" + apiPort + "/api/");
    }
}
