package dev.stagehand.steps.mes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.testkit.TestDatabase;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MasterDataTest {

    @TempDir
    Path temp;

    /** Entry name to bytes, in the zip's order (folders with no bytes). */
    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static byte[] builtZip(TestDatabase db) throws Exception {
        return db.bytes("SELECT Content FROM T_MesIntegrationEntry WHERE StepIndex = 1").get(0);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theBuiltZipHasTheMasterDataFileAtItsRootAndTheFoldersWithTheirStructure(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); StepHarness harness = Fixtures.harness("masterdata", db)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("1|MasterDataFile.zip|MasterData|Pending|{\"deeBasePath\":\"DEEs\","
                    + "\"filePath\":\"MasterData/MasterDataFile.xlsx\",\"importXMLObjectPath\":\"XMLObjects\"}"),
                    db.rows("SELECT StepIndex, Name, MessageType, Status, Attributes FROM T_MesIntegrationEntry"
                            + " WHERE StepIndex = 1"));
            Map<String, byte[]> zip = unzip(builtZip(db));
            assertEquals(List.of("DEEs/", "DEEs/FirstCustomDee.cs", "DEEs/SecondCustomDee.cs", "MasterDataFile.xlsx",
                    "XMLObjects/", "XMLObjects/MyUIPage.xml"), new ArrayList<>(zip.keySet()));
            Path pkg = Fixtures.folder("masterdata");
            assertArrayEquals(Files.readAllBytes(pkg.resolve("MasterData/MasterDataFile.xlsx")),
                    zip.get("MasterDataFile.xlsx"));
            assertArrayEquals(Files.readAllBytes(pkg.resolve("DEEs/SecondCustomDee.cs")), zip.get("DEEs/SecondCustomDee.cs"));
            assertArrayEquals(Files.readAllBytes(pkg.resolve("XMLObjects/MyUIPage.xml")), zip.get("XMLObjects/MyUIPage.xml"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aReadyZipIsSentAsIsAndItsOtherAttributesAreNotConsidered(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); StepHarness harness = Fixtures.harness("masterdata", db)) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertArrayEquals(Files.readAllBytes(Fixtures.folder("masterdata").resolve("MasterData/MasterDataArchive.zip")),
                    db.bytes("SELECT Content FROM T_MesIntegrationEntry WHERE StepIndex = 2").get(0));
            assertEquals(List.of("MasterDataArchive.zip|MasterData|{\"filePath\":\"MasterData/MasterDataArchive.zip\"}"),
                    db.rows("SELECT Name, MessageType, Attributes FROM T_MesIntegrationEntry WHERE StepIndex = 2"));
            List<String> warnings = result.warnings().stream().map(Problem::toString).toList();
            assertTrue(warnings.stream().anyMatch(w -> w.contains("step 2 MasterData") && w.contains(
                    "filePath MasterData/MasterDataArchive.zip is a ready zip, sent as is: deeBasePath not considered")),
                    warnings::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoBuildsOfTheSameFilesAreTheSameBytesWhateverTheFilesTimesAndTheOrderTheyWereWritten(TestDatabase.Kind kind)
            throws Exception {
        Path copy = temp.resolve("Mes.MasterData.1.0.0");
        PathUtils.copyDirectory(Fixtures.folder("masterdata"), copy);
        byte[] first;
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forPackage(copy).variables(db.parameters("Online"))) {
            assertTrue(harness.run().succeeded());
            first = builtZip(db);
        }
        // Other modification times, and the DEEs written again in the other order.
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2031-06-15T10:15:30Z")));
            }
        }
        byte[] second = Files.readAllBytes(copy.resolve("DEEs/FirstCustomDee.cs"));
        Files.delete(copy.resolve("DEEs/FirstCustomDee.cs"));
        Files.write(copy.resolve("DEEs/FirstCustomDee.cs"), second);
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forPackage(copy).variables(db.parameters("Online"))) {
            assertTrue(harness.run().succeeded());

            assertArrayEquals(first, builtZip(db), "the same inputs give the same bytes");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFolderOutsideThePackageIsRefusedInValidateNamingItsAttribute(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); StepHarness harness = Fixtures.harness("masterdata-escape", db)) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 MasterData") && errors.get(0).contains("deeBasePath ../../entries"),
                    errors::toString);
            assertFalse(db.tableExists("T_MesIntegrationEntry"), "nothing was written");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMissingMasterDataFileAndAFolderThatIsNotThereAreRefusedInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             StepHarness harness = StepHarness.forStep("<step type=\"MasterData\" filePath=\"MasterData/Missing.xlsx\" />\n"
                     + "    <step type=\"MasterData\" filePath=\"Data.xlsx\" deeBasePath=\"DEEs\" />")
                     .file("Data.xlsx", "sheet").variables(db.parameters("Online"))) {
            HarnessResult result = harness.run();

            List<String> errors = result.errors().stream().map(Problem::toString).toList();
            assertEquals(2, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("step 1 MasterData")
                    && errors.get(0).contains("filePath MasterData/Missing.xlsx is not a file of the package"), errors::toString);
            assertTrue(errors.get(1).contains("step 2 MasterData")
                    && errors.get(1).contains("deeBasePath DEEs is not a folder of the package"), errors::toString);
        }
    }
}
