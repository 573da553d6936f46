package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.database.DatabaseParts;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseTypeTest {

    private final ClickHouseType type = new ClickHouseType();

    @Test
    void aServerAloneGetsClickHousesHttpPort() {
        assertEquals("http://ch.local:8123", type.url(new DatabaseParts("ClickHouse", "Product.ClickHouse", "ch.local", 0,
                null, Map.of())));
    }

    @Test
    void aServerWithSchemeAndPortKeepsThem() {
        assertEquals("https://ch.local:8443", type.url(new DatabaseParts("ClickHouse", "Product.ClickHouse",
                "https://ch.local/", 8443, null, Map.of())));
    }

    @Test
    void itClaimsHttpUrlsOnly() {
        assertTrue(type.accepts("http://127.0.0.1:8123"));
        assertTrue(type.accepts("HTTPS://ch:8443/"));
        assertFalse(type.accepts("jdbc:postgresql://localhost/x"));
    }

    @Test
    void aPasswordInTheUrlIsMasked() {
        assertEquals("http://deployer:******@ch:8123/?x=1&password=******",
                type.maskUrl("http://deployer:pw@ch:8123/?x=1&password=pw"));
    }
}
