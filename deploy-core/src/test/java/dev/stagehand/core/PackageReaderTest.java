package dev.stagehand.core;

import dev.stagehand.core.plan.LoadedPackage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.Dependency;
import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.model.ValueType;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.model.XmlElement;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackageReaderTest {

    @Test
    void readsEveryPartOfARealFormatManifest() throws Exception {
        LoadedPackage loaded = PackageReader.read(Fixtures.manifest("real-format"));
        PackageManifest m = loaded.manifest();

        assertEquals("1.0", m.formatVersion());
        assertEquals("Cmf.Custom.Database", m.id());
        assertEquals("1.2.0", m.version());
        assertEquals("Custom database objects", m.name());
        assertEquals("Database", m.type());
        assertEquals("Creates the custom database objects.", m.description());
        assertEquals("$(Product.InstallationPath)/Database", m.targetDirectory());
        assertEquals(MigrationStrategy.MIGRATION_PATH, m.migrationStrategy());
        assertTrue(m.installable());
        assertEquals("cmf-custom", m.keywords());
        assertFalse(loaded.zipped());
        assertEquals(List.of(), loaded.warnings());

        assertEquals(2, m.dependencies().size());
        Dependency base = m.dependencies().get(0);
        assertEquals("Cmf.Custom.Base", base.id());
        assertEquals("1.1.*", base.versionSpec());
        assertTrue(base.mandatory());
        assertFalse(base.ignorable());
        Dependency environment = m.dependencies().get(1);
        assertFalse(environment.mandatory());
        assertTrue(environment.ignorable());
        assertEquals(13, base.location().line());

        assertEquals(6, m.steps().size());
        StepDescriptor runSql = m.steps().get(0);
        assertEquals(1, runSql.index());
        assertEquals("RunSql", runSql.type());
        assertEquals("Online/*.sql", runSql.contentPath().orElseThrow());
        assertEquals("$(Product.Database.Online)", runSql.attribute("TARGETDATABASE").orElseThrow());
        assertEquals(List.of("type", "contentPath", "targetDatabase"), List.copyOf(runSql.attributes().names()));
        assertEquals("scripts/start_host.ps1", m.steps().get(3).attribute("onComplete").orElseThrow());
        assertEquals("2.1.*", m.steps().get(4).attribute("targetVersion").orElseThrow());

        StepDescriptor services = m.steps("configureservices").get(0);
        List<XmlElement> assemblies = services.children();
        assertEquals(2, assemblies.size());
        assertEquals("Cmf.Custom.Services.dll", assemblies.get(0).attribute("name").orElseThrow());
        assertTrue(services.location().file().endsWith("real-format/manifest.xml"));
        assertEquals(22, services.location().line());
        assertEquals(6, services.location().stepIndex());
    }

    @Test
    void mergesTheUiOfAnXmlInjectionFile() throws Exception {
        PackageManifest m = PackageReader.read(Fixtures.manifest("real-format")).manifest();

        assertEquals(1, m.ui().wizardSteps().size());
        assertEquals("Database", m.ui().wizardSteps().get(0).title());
        assertTrue(m.ui().wizardSteps().get(0).requiresValidation());
        List<VariableDeclaration> variables = m.ui().variables();
        assertEquals(List.of("Product.Database.Online.Server", "Product.Database.Online.Port",
                "Product.Database.Online.Password", "Product.Database.Type"),
                variables.stream().map(VariableDeclaration::name).toList());
        VariableDeclaration port = variables.get(1);
        assertEquals(ValueType.NETWORK_PORT, port.valueType());
        assertEquals("5432", port.defaultValue());
        assertEquals("Port", port.label());
        assertTrue(port.required());
        assertTrue(variables.get(2).isSecret());
        assertNull(variables.get(2).defaultValue());
        assertEquals(List.of("SQLServer", "PostgreSQL", "H2"), variables.get(3).choices());
        assertTrue(variables.get(0).location().file().endsWith("real-format/ui.xml"));
        assertEquals(7, variables.get(0).location().line());
    }

    @Test
    void readsAManifestWithAByteOrderMarkAndWindowsLineEndings() throws Exception {
        PackageManifest m = PackageReader.read(Fixtures.manifest("bom")).manifest();

        assertEquals("Cmf.Bom", m.id());
        assertEquals("3.0.1", m.version());
        assertEquals("Café crème", m.description());
    }

    @Test
    void matchesElementAndAttributeNamesIgnoringCase() throws Exception {
        PackageManifest m = PackageReader.read(Fixtures.manifest("odd-casing")).manifest();

        assertEquals("Cmf.OddCasing", m.id());
        assertEquals("2.0.0-beta.1", m.version());
        assertEquals("1.0", m.formatVersion());
        assertEquals(MigrationStrategy.MIGRATION_PATH, m.migrationStrategy());
        assertFalse(m.installable());
        Dependency dependency = m.dependencies().get(0);
        assertEquals("Cmf.Base", dependency.id());
        assertFalse(dependency.mandatory());
        assertTrue(dependency.ignorable());
        StepDescriptor step = m.steps().get(0);
        assertTrue(step.isType("DeployFiles"));
        assertEquals("bin/**", step.contentPath().orElseThrow());
        assertEquals("True", step.attribute("isToForceInstall").orElseThrow());
    }

    @Test
    void keepsUnknownElementsAndAttributesAndWarnsAboutThem() throws Exception {
        LoadedPackage loaded = PackageReader.read(Fixtures.manifest("unknown-elements"));
        PackageManifest m = loaded.manifest();

        XmlElement future = m.extension("FUTUREELEMENT").orElseThrow();
        assertEquals("preview", future.attribute("kind").orElseThrow());
        assertEquals("value", future.childText("option").orElseThrow());
        assertEquals("kept", m.steps().get(0).attribute("brandNewAttribute").orElseThrow());

        List<String> warnings = loaded.warnings().stream().map(Problem::toString).toList();
        assertEquals(3, warnings.size(), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("unknown attribute schemaHint")), warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("manifest.xml:5:") && w.contains("<futureElement>")),
                warnings::toString);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("unknown attribute channel on <dependency>")),
                warnings::toString);
    }

    @Test
    void readsAnInlineUiAndWarnsAboutAnUnknownValueType() throws Exception {
        LoadedPackage loaded = PackageReader.read(Fixtures.manifest("inline-ui"));

        List<VariableDeclaration> variables = loaded.manifest().ui().variables();
        assertEquals(2, variables.size());
        // Sorted by order: Mode (order 0) comes before Port (order 1), declared first.
        assertEquals("Product.Web.Mode", variables.get(0).name());
        assertEquals(ValueType.TEXT, variables.get(0).valueType());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).message().contains("unknown valueType 'Sometimes'"));
        assertTrue(loaded.warnings().get(0).location().toString().contains("inline-ui/manifest.xml:9"));
    }

    @Test
    void discoversEveryPackageOfASourceFolderInPathOrder() throws Exception {
        List<Path> found = PackageReader.discover(Fixtures.samples());

        assertEquals(13, found.size());
        assertTrue(found.stream().allMatch(PackageReader::isPackage));
        assertEquals("Cmf.Sample.Base.1.0.0", found.get(0).getFileName().toString());
        for (Path path : found) {
            assertTrue(PackageReader.read(path).warnings().isEmpty(), path::toString);
        }
    }

    @Test
    void aPackageFolderIsItsOwnOnlyPackage() throws Exception {
        Path folder = Fixtures.manifest("bom");
        assertEquals(List.of(folder), PackageReader.discover(folder));
    }
}
