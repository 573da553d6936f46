package dev.stagehand.steps.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One ClickHouse server over its HTTP interface, with the JDK's {@link HttpClient}: one statement
 * per POST, the database as the {@code database} parameter, the user and password by HTTP basic
 * authentication (never in a URL that could be shown). The HTTP interface is the one every
 * release speaks alike; the official Java clients (client-v2, clickhouse-jdbc 0.7 and later)
 * call server functions that 18.16, the release Debian ships, does not have, so they fail
 * against it.
 *
 * <p>One client per server and user per deployment, in the deployment's store
 * ({@link #of}); the engine closes it when the deployment ends. An {@code https} URL is verified
 * (certificate chain and host name) against the JDK's trust store, or against the CA
 * certificates of the PEM file {@code Product.ClickHouse.CaFile} when that is set.
 */
public final class ClickHouseClient implements AutoCloseable {

    /** The variables that give the connection: {@code .Url} or {@code .Server}/{@code .Port}, {@code .User}, {@code .Password}, {@code .CaFile}. */
    public static final String PREFIX = "Product.ClickHouse";
    /** The logical name connections get. */
    public static final String LOGICAL_NAME = "ClickHouse";

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Key(String url, String user, String caFile) {
    }

    private final URI base;
    private final String shownUrl;
    private final String user;
    private final String authorization;
    private final ExecutorService executor;
    private final HttpClient http;
    private final Duration timeout;

    private ClickHouseClient(URI base, String shownUrl, String user, String password, SSLContext tls,
                             Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.shownUrl = shownUrl;
        this.user = user;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "clickhouse-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        // ClickHouse speaks HTTP/1.1 only: no h2c upgrade offer on every request.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).executor(executor);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** The connection the variables {@value #PREFIX}{@code .*} give. */
    public static DatabaseConnection connection(StepContext context) {
        return context.variables().connection(LOGICAL_NAME, PREFIX, ClickHouseType.NAME);
    }

    /** The deployment's client of the server {@code connection} names. */
    public static ClickHouseClient of(StepContext context, DatabaseConnection connection) throws Exception {
        String caFile = context.variables().get(PREFIX + ".CaFile").filter(v -> !v.isBlank()).orElse(null);
        return context.store(Store.Scope.DEPLOYMENT).getOrCompute(new Key(connection.url(), connection.user(), caFile),
                ClickHouseClient.class, () -> create(context, connection, caFile));
    }

    private static ClickHouseClient create(StepContext context, DatabaseConnection connection, String caFile) {
        String shown = connection.maskedUrl();
        URI uri;
        try {
            uri = URI.create(connection.url().trim());
        } catch (IllegalArgumentException e) {
            throw new DeploymentException("the ClickHouse URL " + shown + " is not a URL: " + e.getMessage(),
                    context.location());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DeploymentException("the ClickHouse URL " + shown + " is not an http:// or https:// URL of a"
                    + " server", context.location());
        }
        String user = connection.user();
        String password = connection.password();
        if (uri.getRawUserInfo() != null) {
            // http://user:password@host: credentials go in a header, not in the URL sent.
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = user != null ? user : URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = password != null ? password
                    : parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        URI base = URI.create(scheme + "://" + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost())
                + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        SSLContext tls = null;
        if (caFile != null) {
            if (!scheme.equals("https")) {
                context.log().warn("{}.CaFile is set but {} is not an https URL; the CA file is not used", PREFIX,
                        shown);
            } else {
                tls = trusting(context, Path.of(caFile));
            }
        }
        return new ClickHouseClient(base, shown, user, password, tls, connection.connectTimeout(),
                connection.timeout());
    }

    /** A TLS context that trusts the CA certificates of a PEM file (and nothing else). */
    private static SSLContext trusting(StepContext context, Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new DeploymentException(PREFIX + ".CaFile " + caFile + " cannot be used as CA certificates: "
                    + e.getMessage(), context.location(), e);
        }
    }

    /** The server as messages show it: URL (password masked) and user. */
    public String describe() {
        return "ClickHouse at " + shownUrl + (user == null ? "" : " (user " + user + ")");
    }

    /**
     * Runs one statement in {@code database} (null: the user's default database) and returns the
     * server's answer.
     *
     * @throws ClickHouseException the server refused it, with its own message
     * @throws IOException         the server did not answer
     */
    public String execute(String database, String statement) throws IOException, InterruptedException,
            ClickHouseException {
        String query = base.getRawQuery();
        String uri = base.toString();
        if (database != null) {
            uri += (query == null ? "?" : "&") + "database=" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8))
                .header("Content-Type", "text/plain; charset=utf-8").timeout(timeout);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s (" + PREFIX + ".Timeout sets how"
                    + " long a statement may take)", e);
        }
        if (response.statusCode() != 200) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new ClickHouseException(response.statusCode(), body.isEmpty() ? "HTTP " + response.statusCode()
                    : body);
        }
        return response.body();
    }

    /** The rows of a query, as arrays of values (ClickHouse's {@code JSONCompact} format). */
    public JsonNode rows(String database, String query) throws IOException, InterruptedException,
            ClickHouseException {
        // A new line first: the query may end with a line comment.
        String answer = execute(database, query + "\nFORMAT JSONCompact");
        return JSON.readTree(answer).path("data");
    }

    /** A string literal of ClickHouse's SQL. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A quoted identifier. */
    public static String identifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** Whether {@link #close} ran: the engine closes the deployment's client once, at its end. */
    public boolean closed() {
        return executor.isShutdown();
    }

    @Override
    public void close() throws Exception {
        // HttpClient is closeable from JDK 21 on; before, its threads end with its executor.
        if (http instanceof AutoCloseable closeable) {
            closeable.close();
        }
        executor.shutdownNow();
    }
}
