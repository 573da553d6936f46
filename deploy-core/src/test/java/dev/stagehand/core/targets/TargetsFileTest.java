package dev.stagehand.core.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsFileTest {

    static final Path FOLDER = Path.of("src/test/resources/targets").toAbsolutePath();

    @Test
    void aGroupStandsForItsTargetsInOrderWithKeyFilesRelativeToTheTargetsFile() {
        TargetsFile file = TargetsFile.read(FOLDER.resolve("targets.json"));
        List<NamedTarget> web = file.select("web");
        assertEquals(List.of("app1", "app2"), web.stream().map(NamedTarget::name).toList());
        NamedTarget app1 = web.get(0);
        assertEquals("ssh://deploy@app1.example.com:22/srv/app?name=app1&identity="
                + encoded(FOLDER.resolve("keys/id_ed25519")) + "&knownHosts=" + encoded(FOLDER.resolve("known_hosts")),
                app1.uri());
        assertEquals(Map.of("Target.Dir", "/srv/app/web", "Workers", "4"), app1.parameters());
        assertEquals(Map.of(), web.get(1).parameters());
        assertEquals("local:/opt/box", file.select("box").get(0).uri(), "only ssh targets get a name in their query");
    }

    @Test
    void anUnknownNameListsTheTargetsAndGroupsThereAre() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> TargetsFile.read(FOLDER.resolve("targets.json")).select("db"));
        assertTrue(e.getMessage().contains("targets: app1, app2, box; groups: web"), e.getMessage());
    }

    @Test
    void aGroupNamingNoTargetOfTheFileIsRefusedNamingTheFile() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> TargetsFile.read(FOLDER.resolve("unknown-member.json")));
        assertTrue(e.getMessage().contains("app9"), e.getMessage());
        assertTrue(e.location().file().endsWith("unknown-member.json"), e.location().toString());
    }

    @Test
    void brokenJsonIsRefusedWithItsLine() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> TargetsFile.read(FOLDER.resolve("broken.json")));
        assertEquals(3, e.location().line(), e.location().toString());
    }

    @Test
    void anUnknownKeyOfATargetIsRefusedSoAPasswordNeverSitsInTheFile() {
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> TargetsFile.read(FOLDER.resolve("unknown-key.json")));
        assertTrue(e.getMessage().contains("unknown key \"password\""), e.getMessage());
        assertTrue(!e.getMessage().contains("nope"));
    }

    static String encoded(Path path) {
        return java.net.URLEncoder.encode(path.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
