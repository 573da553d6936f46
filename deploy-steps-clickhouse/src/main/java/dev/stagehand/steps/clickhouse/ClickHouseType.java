package dev.stagehand.steps.clickhouse;

import com.google.auto.service.AutoService;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import java.util.Locale;

/**
 * ClickHouse, reached over its HTTP interface: the URL of {@code Product.ClickHouse.Url}
 * ({@code http://host:8123}, {@code https://host:8443}), or one built from
 * {@code Product.ClickHouse.Server} and {@code .Port} (default {@value #DEFAULT_PORT}; a server
 * written {@code https://host} keeps its scheme). The URL names the server, not a database: one
 * ClickHouse server holds a system's databases, which the steps name from
 * {@code Product.SystemName}.
 */
@AutoService(DatabaseType.class)
public final class ClickHouseType implements DatabaseType {

    /** The type's name, as {@code .Type} variables write it. */
    public static final String NAME = "ClickHouse";
    /** ClickHouse's HTTP port. */
    public static final int DEFAULT_PORT = 8123;

    @Override
    public String name() {
        return NAME;
    }

    /** An HTTP URL is ClickHouse's only when nothing else claims it: no other type of this project speaks HTTP. */
    @Override
    public int priority() {
        return -10;
    }

    @Override
    public boolean accepts(String url) {
        String lower = url == null ? "" : url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    @Override
    public String url(DatabaseParts parts) {
        String server = parts.server().trim();
        String scheme = "http://";
        String lower = server.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            scheme = server.substring(0, server.indexOf("://") + 3);
            server = server.substring(scheme.length());
        }
        if (server.endsWith("/")) {
            server = server.substring(0, server.length() - 1);
        }
        int port = parts.port() > 0 ? parts.port() : DEFAULT_PORT;
        return scheme + server + ":" + port;
    }
}
