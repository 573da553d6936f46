package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.ResolutionException;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.spi.PackageAction;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.plan.DeploymentPlan;
import dev.stagehand.core.plan.InstallationMode;
import dev.stagehand.core.plan.PlannedPackage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanningTest {

    private static DeploymentPlan plan(String source, String root, DeploymentJournal journal) throws Exception {
        return Stagehand.configure().sources(Fixtures.resource("sources/" + source)).journal(journal).load()
                .plan(RootRequest.parse(root));
    }

    private static DeploymentPlan plan(String source, String root) throws Exception {
        return plan(source, root, new InMemoryDeploymentJournal());
    }

    private static ResolutionException failure(String source, String root) {
        return assertThrows(ResolutionException.class, () -> plan(source, root));
    }

    /** {@code id@version} of every planned package version, in plan order. */
    private static List<String> order(DeploymentPlan plan) {
        return plan.packages().stream().map(PlannedPackage::coordinates).toList();
    }

    private static PlannedPackage find(DeploymentPlan plan, String coordinates) {
        return plan.packages().stream().filter(p -> p.coordinates().equals(coordinates)).findFirst().orElseThrow();
    }

    @Test
    void aStepTypeOfAModuleThatIsNotLoadedIsRefusedNamingTheModuleThatServesIt() {
        // The core's tests load no step module; the CLI, which ships them all, cannot show this.
        dev.stagehand.api.DeploymentException refused = assertThrows(dev.stagehand.api.DeploymentException.class,
                () -> plan("unserved-module", "Root"));

        assertTrue(refused.problems().stream().anyMatch(p -> p.isError() && p.message().equals("no loaded plugin"
                + " serves step type 'ProductLicense'; it is served by the module deploy-steps-mes: put its jar in the plugins"
                + " folder (or on the class path)")),
                refused.problems()::toString);
    }

    @Test
    void diamondDependenciesAreDedupedAndGetTheHighestVersionAllowedByAll() throws Exception {
        DeploymentPlan plan = plan("diamond", "Root");

        assertEquals(List.of("C@1.2.0", "A@1.0.0", "B@1.0.0", "Root@1.0.0"), order(plan));
        assertEquals(List.of("dependency of A@1.0.0 (1.*)", "dependency of B@1.0.0 (>=1.1.0)"),
                find(plan, "C@1.2.0").includedBy());
        assertEquals(List.of("root"), find(plan, "Root@1.0.0").includedBy());
        assertEquals(InstallationMode.CLEAN, plan.mode());
    }

    @Test
    void aPackageNamedOnlyByADeployPackageStepIsIncludedWithinItsTargetVersion() throws Exception {
        DeploymentPlan plan = plan("explicit", "Root");

        assertEquals(List.of("Reports@1.0.5", "Root@1.0.0"), order(plan));
        assertEquals(PackageAction.Kind.NEW, find(plan, "Reports@1.0.5").action().kind());
        assertEquals(List.of("deployed by Root@1.0.0 (1.0.*)"), find(plan, "Reports@1.0.5").includedBy());
    }

    @Test
    void latestOnlyTakesTheHighestAllowedAndMigrationPathWalksFromTheLowestWhenNothingIsInstalled() throws Exception {
        DeploymentPlan plan = plan("strategies", "Root");

        assertEquals(List.of("Latest@1.2.0", "Migrating@1.0.0", "Migrating@1.1.0", "Migrating@1.2.0", "Root@1.0.0"),
                order(plan));
        PlannedPackage first = find(plan, "Migrating@1.0.0");
        assertEquals(PackageAction.Kind.NEW, first.action().kind());
        PlannedPackage second = find(plan, "Migrating@1.1.0");
        assertEquals(PackageAction.Kind.UPGRADE, second.action().kind());
        assertEquals("1.0.0", second.action().installedVersion());
        assertEquals(PackageAction.Kind.NEW, find(plan, "Latest@1.2.0").action().kind());
    }

    @Test
    void migrationPathWalksEveryVersionAboveTheInstalledOneAndLatestOnlyJumps() throws Exception {
        DeploymentPlan plan = plan("strategies", "Root",
                InMemoryDeploymentJournal.withInstalled("Migrating", "1.0.0", "Latest", "1.0.0"));

        assertEquals(InstallationMode.UPGRADE, plan.mode());
        assertEquals(List.of("Latest@1.2.0", "Migrating@1.1.0", "Migrating@1.2.0", "Root@1.0.0"), order(plan));
        PlannedPackage latest = find(plan, "Latest@1.2.0");
        assertEquals(PackageAction.Kind.UPGRADE, latest.action().kind());
        assertEquals("1.0.0", latest.action().installedVersion());
        assertEquals("1.0.0", find(plan, "Migrating@1.1.0").action().installedVersion());
        assertEquals("1.1.0", find(plan, "Migrating@1.2.0").action().installedVersion());
    }

    @Test
    void aPackageAtTheSelectedVersionHasNothingToDo() throws Exception {
        DeploymentPlan plan = plan("strategies", "Root", InMemoryDeploymentJournal.withInstalled(
                "Migrating", "1.2.0", "Latest", "1.2.0", "Root", "1.0.0"));

        assertTrue(plan.nothingToDo());
        PlannedPackage migrating = find(plan, "Migrating@1.2.0");
        assertEquals(PackageAction.Kind.UP_TO_DATE, migrating.action().kind());
        assertEquals(List.of(), migrating.steps());
    }

    @Test
    void aDowngradeIsRefused() {
        ResolutionException e = assertThrows(ResolutionException.class, () -> plan("strategies", "Root",
                InMemoryDeploymentJournal.withInstalled("Latest", "2.0.0")));

        assertTrue(e.getMessage().contains("Latest 2.0.0 is installed, newer than 1.2.0"), e.getMessage());
        assertTrue(e.getMessage().contains("1.* required by Root@1.0.0 (dependency)"), e.getMessage());
    }

    @Test
    void wildcardsCapTheTopmostVersionForBothStrategies() throws Exception {
        DeploymentPlan plan = plan("wildcard", "Root");

        assertEquals(List.of("Capped@1.1.3", "CappedPath@1.0.0", "CappedPath@1.1.0", "CappedPath@1.1.3", "Root@1.0.0"),
                order(plan));
    }

    @Test
    void conflictingConstraintsListEveryConstraintAndWhoImposedIt() {
        ResolutionException e = failure("conflict", "Root");

        String message = e.getMessage();
        assertTrue(message.contains("no version of C satisfies every constraint"), message);
        assertTrue(message.contains("1.* required by A@1.0.0 (dependency)"), message);
        assertTrue(message.contains("2.* required by B@1.0.0 (dependency)"), message);
        assertTrue(message.contains("available: 1.0.0, 2.0.0, 3.0.0"), message);
        assertTrue(message.contains("A.1.0.0/manifest.xml:7:"), message);
        assertTrue(message.contains("B.1.0.0/manifest.xml:7:"), message);
    }

    @Test
    void aCycleIsAnErrorThatPrintsTheCycleAtTheDependencyClosingIt() {
        ResolutionException e = failure("cycle", "Root");

        assertEquals("dependency cycle: A@1.0.0 → B@1.0.0 → C@1.0.0 → A@1.0.0", e.reason());
        assertTrue(e.location().file().endsWith("cycle/C.1.0.0/manifest.xml"), e.location().toString());
        assertEquals(7, e.location().line());
        assertEquals("C", e.location().packageId());
    }

    @Test
    void aMissingOptionalDependencyIsReportedNotFatal() throws Exception {
        DeploymentPlan plan = plan("missing", "Root");

        assertEquals(List.of("Present@1.0.0", "Root@1.0.0"), order(plan));
        List<Problem> warnings = plan.warnings();
        assertEquals(1, warnings.size(), warnings::toString);
        assertEquals("optional package Optional 1.* of Root@1.0.0 is not in the package sources; it is left out",
                warnings.get(0).message());
        assertEquals(7, warnings.get(0).location().line());
    }

    @Test
    void aMissingMandatoryDependencyNamesWhoNeedsIt() {
        ResolutionException e = failure("missing", "Needy");

        assertTrue(e.getMessage().contains("package Absent 2.* needed by Needy@1.0.0 is not in the package sources"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Needy.1.0.0/manifest.xml:7:"), e.getMessage());
    }

    @Test
    void aMandatoryDependencyWithNoFittingVersionListsTheVersionsThatExist() {
        ResolutionException e = failure("missing", "Picky");

        assertTrue(e.getMessage().contains("no version of Present satisfies every constraint: 3.* required by "
                + "Picky@1.0.0 (dependency)"), e.getMessage());
        assertTrue(e.getMessage().contains("available: 1.0.0"), e.getMessage());
    }

    @Test
    void aPackageComesAfterThePackagesItsDeployPackageStepsDeploy() throws Exception {
        List<String> order = order(plan("order", "Root"));

        assertEquals("Root@1.0.0", order.get(order.size() - 1));
        assertTrue(order.indexOf("beta@1.0.0") < order.indexOf("Root@1.0.0"));
    }

    @Test
    void theOrderPutsDependenciesFirstAndBreaksTiesByIdTheSameWayEveryTime() throws Exception {
        List<String> first = order(plan("order", "Root"));

        assertEquals(List.of("Alpha@1.0.0", "Base@1.0.0", "beta@1.0.0", "Mid@1.0.0", "Zeta@1.0.0", "Root@1.0.0"), first);
        for (int i = 0; i < 5; i++) {
            assertEquals(first, order(plan("order", "Root")));
        }
    }

    @Test
    void choicesFollowTheDependenciesOfTheVersionFinallySelected() throws Exception {
        DeploymentPlan plan = plan("passes", "Root");

        assertEquals(List.of("B@1.5.0", "A@1.0.0", "Root@1.0.0"), order(plan));
    }

    @Test
    void theRootDefaultsToItsHighestVersionAndTakesAVersionOrRange() throws Exception {
        assertEquals("2.0.0", plan("rootversions", "Root").rootVersion());
        assertEquals("1.1.0", plan("rootversions", "Root@1.*").rootVersion());
        assertEquals("1.0.0", plan("rootversions", "Root@1.0.0").rootVersion());
        ResolutionException e = failure("rootversions", "Root@3.*");
        assertTrue(e.getMessage().contains("3.* required by the root request"), e.getMessage());
        ResolutionException unknown = failure("rootversions", "Nope");
        assertTrue(unknown.getMessage().contains("the root package Nope is not in the package sources"),
                unknown.getMessage());
    }

    @Test
    void packageIdsMatchIgnoringCase() throws Exception {
        assertEquals("Root", plan("rootversions", "root").rootId());
    }

    @Test
    void theSamplePlanExpandsVariablesAndMasksSecrets() throws Exception {
        Map<String, String> parameters = Parameters.read(Fixtures.samples().resolve("parameters.json"));
        DeploymentPlan plan = Stagehand.configure().sources(Fixtures.samples().resolve("source"))
                .parameters(parameters).secrets(java.util.Set.of("Product.InstallationPath"))
                .journal(new InMemoryDeploymentJournal()).load().plan(RootRequest.parse("Cmf.Sample.Root"));

        assertEquals(List.of("Cmf.Sample.Base@1.1.1", "Cmf.Sample.Database@1.0.0", "Cmf.Sample.Database@1.1.0",
                "Cmf.Sample.Reports@2.1.0", "Cmf.Sample.Web@2.0.0", "Cmf.Sample.Root@1.0.0"), order(plan));
        assertEquals(1, plan.warnings().size(), plan.warnings()::toString);
        assertTrue(plan.warnings().get(0).message().startsWith("optional package Cmf.Sample.Analytics 3.* of "
                + "Cmf.Sample.Reports@2.1.0 is not in the package sources"), plan.warnings()::toString);
        String notice = String.join("\n", plan.notice());
        assertTrue(notice.contains("folder ******/Business (Cmf.Sample.Base)"), notice);
        assertTrue(notice.contains("database Online (Cmf.Sample.Database@1.0.0 step 1 RunSql)"), notice);
        assertTrue(notice.contains("file ******/Web/www/config.json (Cmf.Sample.Web@2.0.0 step 2 TransformFile)"),
                notice);
        assertFalse(notice.contains("build/sample-install"), notice);
        assertEquals("contentPath=Online/*.sql targetDatabase=Online patchId=Sample.Database.1.0.0 "
                + "patchDescription=Sample schema 1.0.0", find(plan, "Cmf.Sample.Database@1.0.0").steps().get(0).summary());
    }

    @Test
    void planningParsesEachManifestOnceAndKeepsIt() throws Exception {
        PackageSource source = PackageSource.index(List.of(Fixtures.resource("sources/strategies")));
        Stagehand stagehand = Stagehand.configure().source(source).journal(new InMemoryDeploymentJournal()).load();

        DeploymentPlan first = stagehand.plan(RootRequest.parse("Root"));
        DeploymentPlan second = stagehand.plan(RootRequest.parse("Root"));

        assertEquals(11, source.versionCount());
        PackageManifest loaded = source.load("Latest", "1.2.0").orElseThrow().manifest();
        assertTrue(find(first, "Latest@1.2.0").manifest() == loaded);
        assertTrue(find(second, "Latest@1.2.0").manifest() == loaded);
        assertNull(source.load("Latest", "9.9.9").orElse(null));
    }

    @Test
    void aBrokenVersionThatNoPlanNeedsDoesNotMatter() throws Exception {
        DeploymentPlan plan = plan("broken", "Root");

        assertEquals(List.of("Lib@1.1.0", "Root@1.0.0"), order(plan));
        assertEquals(List.of(), plan.warnings());
    }

    @Test
    void aBrokenVersionThatAPlanNeedsIsAnErrorNamingItsManifest() {
        ResolutionException e = failure("broken", "Pinned");

        assertTrue(e.getMessage().contains("Lib@1.0.0 cannot be used: step 1 at line 6 has no type"), e.getMessage());
        assertTrue(e.getMessage().contains("Lib.1.0.0/manifest.xml:6:5"), e.getMessage());
    }
}
