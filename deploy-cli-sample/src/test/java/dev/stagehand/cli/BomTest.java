package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** deploy-bom manages exactly the library modules of the reactor, at the reactor's version. */
class BomTest {

    private static final Path ROOT = Path.of("..");
    /** Programs and examples, not libraries an embedding project depends on. */
    private static final Set<String> NOT_LIBRARIES = Set.of("deploy-cli-sample", "deploy-bench", "deploy-bom",
            "stagehand-sample-plugin");

    private static JsonNode pom(Path file) throws Exception {
        return new XmlMapper().readTree(Files.readString(file));
    }

    @Test
    void theBomManagesEveryLibraryModuleAtTheReactorsVersion() throws Exception {
        JsonNode reactor = pom(ROOT.resolve("pom.xml"));
        Set<String> libraries = new TreeSet<>();
        for (JsonNode module : reactor.path("modules").path("module")) {
            JsonNode pom = pom(ROOT.resolve(module.asText()).resolve("pom.xml"));
            String artifact = pom.path("artifactId").asText();
            if (!NOT_LIBRARIES.contains(artifact) && !pom.path("packaging").asText("jar").equals("pom")) {
                libraries.add(artifact);
            }
        }
        JsonNode bom = pom(ROOT.resolve("deploy-bom/pom.xml"));
        Set<String> managed = new TreeSet<>();
        for (JsonNode dependency : bom.path("dependencyManagement").path("dependencies").path("dependency")) {
            assertEquals("dev.stagehand", dependency.path("groupId").asText());
            assertEquals("${project.version}", dependency.path("version").asText());
            managed.add(dependency.path("artifactId").asText());
        }
        assertEquals(libraries, managed);
        assertEquals(reactor.path("version").asText(), bom.path("version").asText(), "the BOM's version");
    }
}
