package dev.stagehand.core.engine;

import com.google.auto.service.AutoService;
import dev.stagehand.api.database.DatabaseParts;
import dev.stagehand.api.database.DatabaseType;
import java.util.Set;

/** A database type of the core's tests: {@code testdb://server:port/name} URLs, so no vendor is needed here. */
@AutoService(DatabaseType.class)
public final class TestDatabaseType implements DatabaseType {

    @Override
    public String name() {
        return "TestDb";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("tdb");
    }

    @Override
    public boolean accepts(String url) {
        return url.startsWith("testdb:");
    }

    /** This type's URLs may carry {@code ;key=...}, which only it knows to hide. */
    @Override
    public String maskUrl(String url) {
        return DatabaseType.super.maskUrl(url).replaceAll(";key=[^;]*", ";key=******");
    }

    @Override
    public String url(DatabaseParts parts) {
        return "testdb://" + parts.server() + parts.portSuffix() + "/" + parts.requiredName();
    }
}
