package dev.stagehand.core.internal.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.Fixtures;
import dev.stagehand.core.testing.CountingTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeployerTest {

    private static final Path PACKAGE = Fixtures.resource("steps/deploy-files/business-package");
    private static final List<String> FILES = List.of("bin/app.dll", "bin/app.pdb", "bin/lib/util.dll", "web/index.html");

    @TempDir
    Path temp;

    private String destination() {
        return temp.resolve("dest").toString();
    }

    @Test
    void ontoAnEmptyDestinationEveryFileIsWrittenOnceAndTheTargetNeverHashed() throws IOException {
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.copied());
        assertEquals(4, target.writes.get());
        assertEquals(0, target.stats.get());
        assertEquals("utility library\n", Files.readString(temp.resolve("dest/bin/lib/util.dll")));
    }

    @Test
    void withoutACacheExistingFilesOfTheSameSizeAreHashedToCompare() throws IOException {
        new FileDeployer(CountingTarget.withStamps(temp)).deploy(PACKAGE, FILES, destination());
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.writes.get());
        assertEquals(4, target.stats.get());
    }

    @Test
    void anExistingFileOfAnotherSizeIsReplacedWithoutHashingIt() throws IOException {
        Files.createDirectories(temp.resolve("dest/bin"));
        Files.writeString(temp.resolve("dest/bin/app.dll"), "much longer than the packaged file, so surely different");
        CountingTarget target = CountingTarget.withStamps(temp);

        new FileDeployer(target).deploy(PACKAGE, List.of("bin/app.dll"), destination());

        assertEquals(0, target.stats.get());
        assertEquals("app binary v1\n", Files.readString(temp.resolve("dest/bin/app.dll")));
    }

    @Test
    void withTheFingerprintCacheAnUnchangedDeploymentReadsNoTargetFile() throws IOException {
        Path cache = temp.resolve("state/fingerprints.tsv");
        new FileDeployer(CountingTarget.withStamps(temp), cache, 1).deploy(PACKAGE, FILES, destination());
        CountingTarget target = CountingTarget.withStamps(temp);

        FileDeployer.Result result = new FileDeployer(target, cache, 2).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(0, target.stats.get());
        assertEquals(0, target.writes.get());
        assertTrue(Files.isRegularFile(cache));
    }

    @Test
    void theCacheIsNotTrustedForAFileChangedSinceEvenWithItsOldSizeAndTime() throws IOException {
        Path cache = temp.resolve("fingerprints.tsv");
        new FileDeployer(CountingTarget.withStamps(temp), cache, 1).deploy(PACKAGE, FILES, destination());
        Path deployed = temp.resolve("dest/bin/app.dll");
        FileTime modified = Files.getLastModifiedTime(deployed);
        Files.writeString(deployed, "app binary XX\n");
        Files.setLastModifiedTime(deployed, modified);

        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), cache, 1)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(1, result.copied());
        assertEquals("app binary v1\n", Files.readString(deployed));
    }

    @Test
    void aDamagedCacheIsIgnored() throws IOException {
        Path cache = Files.writeString(temp.resolve("fingerprints.tsv"), "not a cache\n\u0000garbage");

        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), cache, 1)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.copied());
    }

    @Test
    void aTargetWithoutStampsListsTheDestinationOnceAndComparesThroughStat() throws IOException {
        new FileDeployer(new CountingTarget(temp)).deploy(PACKAGE, FILES, destination());
        CountingTarget target = new CountingTarget(temp);

        FileDeployer.Result result = new FileDeployer(target, null, 1).deploy(PACKAGE, FILES, destination());

        assertEquals(4, result.unchanged());
        assertEquals(1, target.lists.get());
        assertEquals(4, target.stats.get());
        assertEquals(0, target.writes.get());
    }

    @Test
    void manyThreadsGiveTheSameResultInTheGivenOrder() throws IOException {
        FileDeployer.Result result = new FileDeployer(CountingTarget.withStamps(temp), null, 4)
                .deploy(PACKAGE, FILES, destination());

        assertEquals(FILES, result.files().stream().map(FileDeployer.DeployedFile::relativePath).toList());
        assertEquals(4, result.copied());
    }

    @Test
    void aPathThatWouldLandOutsideTheDestinationIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new FileDeployer(CountingTarget.withStamps(temp)).deploy(PACKAGE, List.of("../escape.txt"),
                        destination()));

        assertTrue(refused.getMessage().contains("../escape.txt"), refused.getMessage());
    }
}
