package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.StepHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference in {@code docs/} cannot drift from the code: its links lead somewhere, every step
 * type and script handler the loaded modules serve has its section (and no section names one
 * that nothing serves), and every example package it shows validates, plans and, when it needs
 * no server, installs.
 */
class DocsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DOCS = ROOT.resolve("docs");
    private static final Path STEPS = DOCS.resolve("steps");
    private static final Path EXAMPLES = DOCS.resolve("examples");
    private static final Path PARAMETERS = EXAMPLES.resolve("parameters.json");
    /**
     * Examples whose install needs what the test machine does not offer: a ClickHouse server, an
     * Analysis Services endpoint, PowerShell, the MES command queue procedure, the MES that processes
     * integration entries waited for. They are validated and planned like the others.
     */
    private static final Set<String> NEED_A_SERVER = Set.of("Docs.ClickHouse.RunClickHouseSql", "Docs.Sql.RunXmla",
            "Docs.PowerShell.RunPowershell", "Docs.Sql.EnqueueSql", "Docs.Mes.WaitForIntegrationEntries");

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```[ \\t]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^(#{1,6}) +(.+?) *$");
    private static final Pattern STEP_HEADING = Pattern.compile("(?m)^## +(.+?) *$");
    private static final String SCRIPT_HANDLER_HEADING = "Script handler: ";
    private static final Pattern EXAMPLE_LINK = Pattern.compile("\\]\\((\\.\\./examples/[^)]+)/manifest\\.xml\\)");
    private static final Pattern STEP_TYPE_IN_MANIFEST = Pattern.compile("<step\\b[^>]*?\\btype=\"([^\"]+)\"");

    @TempDir
    Path temp;

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsLeadsToAnExistingFileAndHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            String text = withoutCode(Files.readString(page));
            Matcher link = LINK.matcher(text);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...: not a file of the repository
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!resolved.toAbsolutePath().normalize().startsWith(ROOT.toAbsolutePath().normalize())) {
                    broken.add(page + ": " + target + " leads out of the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " does not exist");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(page + ": " + target + " names no heading of " + resolved);
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void theReadmeLinksToTheDocumentationAndToNothingOutsideTheRepository() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("](docs/README.md)"), "README.md points to docs/README.md");
        assertFalse(readme.contains("../shared"), "README.md links to ../shared, which a clone does not have");
    }

    @Test
    void everyServedStepTypeHasItsSectionAndEverySectionNamesAServedType() throws IOException {
        Set<String> served = new TreeSet<>();
        for (StepHandler handler : ServiceLoader.load(StepHandler.class)) {
            served.addAll(handler.stepTypes());
        }
        Set<String> headings = new TreeSet<>(stepSections().keySet());

        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(headings);
        Set<String> unserved = new TreeSet<>(headings);
        unserved.removeAll(served);
        assertEquals(Set.of(), undocumented, "step types served by a StepHandler with no '## <Type>' heading in "
                + STEPS + "/*.md: " + undocumented + " (add a section to the page of their family)");
        assertEquals(Set.of(), unserved, "headings of " + STEPS + "/*.md that name no step type a loaded StepHandler"
                + " serves: " + unserved);
    }

    @Test
    void everyScriptHandlerHasItsSectionUnderOneOfItsNames() throws IOException {
        Set<String> headings = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (Path page : stepPages()) {
            Matcher heading = STEP_HEADING.matcher(withoutCode(Files.readString(page)));
            while (heading.find()) {
                if (heading.group(1).startsWith(SCRIPT_HANDLER_HEADING)) {
                    headings.add(heading.group(1).substring(SCRIPT_HANDLER_HEADING.length()).trim());
                }
            }
        }
        List<String> undocumented = new ArrayList<>();
        for (ScriptHandler handler : ServiceLoader.load(ScriptHandler.class)) {
            if (handler.names().stream().noneMatch(headings::contains)) {
                undocumented.add(handler.getClass().getName() + " " + new TreeSet<>(handler.names()));
            }
        }
        assertEquals(List.of(), undocumented, "script handlers without a '## " + SCRIPT_HANDLER_HEADING
                + "<one of its names>' heading in " + STEPS + "/*.md");
    }

    @Test
    void everyStepSectionShowsAnExamplePackageThatUsesItsTypeAsTheFileHoldsIt() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Section> entry : stepSections().entrySet()) {
            Section section = entry.getValue();
            Matcher link = EXAMPLE_LINK.matcher(section.text());
            boolean shown = false;
            while (link.find()) {
                Path manifest = section.page().getParent().resolve(link.group(1)).resolve("manifest.xml").normalize();
                if (!Files.isRegularFile(manifest)) {
                    continue; // the link test reports it
                }
                String xml = manifestText(manifest);
                if (!stepTypes(xml).contains(entry.getKey().toLowerCase(Locale.ROOT))) {
                    problems.add(entry.getKey() + ": its example " + manifest + " has no step of that type");
                } else if (!Files.readString(section.page()).contains("```xml\n" + xml + "```\n")) {
                    problems.add(entry.getKey() + ": " + section.page() + " does not show " + manifest + " as it is");
                } else {
                    shown = true;
                }
            }
            if (!shown) {
                problems.add(entry.getKey() + ": its section in " + section.page() + " links no example manifest"
                        + " (../examples/<family>/<package>/manifest.xml) shown as it is");
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theManifestReferenceShowsItsCompleteExampleAsTheFilesHoldIt() throws IOException {
        String page = Files.readString(DOCS.resolve("manifest.md"));
        Path example = EXAMPLES.resolve("manifest/Docs.Manifest.Example.2.1.0");
        byte[] manifest = Files.readAllBytes(example.resolve("manifest.xml"));

        assertTrue(manifest.length > 3 && (manifest[0] & 0xff) == 0xEF && (manifest[1] & 0xff) == 0xBB
                && (manifest[2] & 0xff) == 0xBF, "the complete example starts with a UTF-8 byte order mark, as the"
                + " page says");
        assertTrue(page.contains("```xml\n" + manifestText(example.resolve("manifest.xml")) + "```\n"),
                "docs/manifest.md does not show " + example + "/manifest.xml as it is");
        assertTrue(page.contains("```xml\n" + Files.readString(example.resolve("ui/server.xml")) + "```\n"),
                "docs/manifest.md does not show " + example + "/ui/server.xml as it is");
    }

    @TestFactory
    Stream<DynamicTest> everyExamplePackageValidatesAndPlans() throws IOException {
        return examples().stream().map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
            CliRun validate = CliRun.of("validate", "--strict", "--json", "--parameters", PARAMETERS.toString(),
                    example.toString());
            assertEquals(0, validate.exitCode(), validate.out() + validate.err());
            JsonNode report = new ObjectMapper().readTree(validate.out());
            assertEquals(1, report.get("valid").asInt(), validate.out());
            assertEquals(0, report.get("warnings").asInt(), "an example reads without warnings: " + validate.out());

            String id = packageId(example);
            CliRun plan = CliRun.of("plan", "--json", "--source", EXAMPLES.toString(), "--root", id,
                    "--parameters", PARAMETERS.toString(), "--state", temp.resolve("state").toString());
            assertEquals(0, plan.exitCode(), plan.out() + plan.err());
            JsonNode planned = new ObjectMapper().readTree(plan.out());
            assertTrue(planned.get("planned").asBoolean(), plan.out());
            assertEquals(id, planned.get("root").get("id").asText());
            assertFalse(plan.out().contains("docs-clickhouse-secret") || plan.out().contains("docs-admin-secret"),
                    "no secret value in a plan: " + plan.out());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleThatNeedsNoServerInstalls() throws IOException {
        return examples().stream().filter(example -> !NEED_A_SERVER.contains(packageId(example)))
                .map(example -> DynamicTest.dynamicTest(example.getFileName().toString(), () -> {
                    String id = packageId(example);
                    Path home = temp.resolve(id);
                    CliRun install = CliRun.of("install", "--yes", "--source", EXAMPLES.toString(), "--root", id,
                            "--parameters", PARAMETERS.toString(), "--state", home.resolve("state").toString(),
                            "--set", "Product.InstallationPath=" + home.resolve("install"),
                            "--set", "Product.IoT.RepositoryLocation=" + home.resolve("repository"),
                            "--set", "Product.Database.Online.Url=jdbc:h2:file:" + home.resolve("db/online"),
                            "--set", "Product.Database.Reporting.Url=jdbc:h2:file:" + home.resolve("db/reporting"));
                    assertEquals(0, install.exitCode(), install.out() + install.err());
                    assertTrue(install.out().contains(": succeeded\n"), install.out());
                }));
    }

    @Test
    void theExamplesCoverEveryFamilyPage() throws IOException {
        Set<String> families = stepPages().stream().map(p -> p.getFileName().toString().replaceFirst("\\.md$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> withExamples;
        try (Stream<Path> folders = Files.list(EXAMPLES)) {
            withExamples = folders.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertTrue(withExamples.containsAll(families), "every page of " + STEPS + " has its folder of examples: "
                + families + " in " + withExamples);
    }

    /** A step page's {@code ## <Type>} section. */
    private record Section(Path page, String text) {
    }

    /** The step type sections of every family page, by type; a type named twice is an error. */
    private static Map<String, Section> stepSections() throws IOException {
        Map<String, Section> sections = new LinkedHashMap<>();
        for (Path page : stepPages()) {
            String bare = withoutCode(Files.readString(page));
            Matcher heading = STEP_HEADING.matcher(bare);
            List<Integer> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (heading.find()) {
                starts.add(heading.start());
                names.add(heading.group(1));
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                if (name.startsWith(SCRIPT_HANDLER_HEADING)) {
                    continue;
                }
                int end = i + 1 < starts.size() ? starts.get(i + 1) : bare.length();
                Section earlier = sections.put(name, new Section(page, bare.substring(starts.get(i), end)));
                assertTrue(earlier == null, name + " has two sections: " + (earlier == null ? "" : earlier.page())
                        + " and " + page);
            }
        }
        return sections;
    }

    private static List<Path> stepPages() throws IOException {
        try (Stream<Path> files = Files.list(STEPS)) {
            return files.filter(p -> p.toString().endsWith(".md") && !p.getFileName().toString().equals("README.md"))
                    .sorted().toList();
        }
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(DOCS)) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The example packages: each folder two levels below docs/examples holding a manifest. */
    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES, 2)) {
            List<Path> found = files.filter(p -> Files.isRegularFile(p.resolve("manifest.xml"))).sorted().toList();
            assertFalse(found.isEmpty(), "no example package under " + EXAMPLES);
            return found;
        }
    }

    private static String packageId(Path example) {
        try {
            Matcher id = Pattern.compile("<packageId>\\s*([^<\\s]+)\\s*</packageId>", Pattern.CASE_INSENSITIVE)
                    .matcher(manifestText(example.resolve("manifest.xml")));
            assertTrue(id.find(), example + " has a packageId");
            return id.group(1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A manifest as the docs show it: its text, without the byte order mark it may start with. */
    private static String manifestText(Path manifest) throws IOException {
        String text = new String(Files.readAllBytes(manifest), StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Set<String> stepTypes(String manifest) {
        Set<String> types = new TreeSet<>();
        Matcher type = STEP_TYPE_IN_MANIFEST.matcher(manifest);
        while (type.find()) {
            types.add(type.group(1).toLowerCase(Locale.ROOT));
        }
        return types;
    }

    /** Markdown without its code blocks and code spans, where brackets are code, not links. */
    private static String withoutCode(String markdown) {
        return INLINE_CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, blanks as '-'. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        Matcher heading = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (heading.find()) {
            String slug = heading.group(2).replace("`", "").toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }
}
