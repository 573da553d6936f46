package dev.stagehand.steps.mes;

import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.spi.ChangeKind;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.spi.PlannedChange;
import dev.stagehand.api.spi.PlanningContext;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.steps.mes.store.IntegrationEntries.NewEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code MasterData}: one integration entry that loads a master data package. With a master data
 * file ({@code filePath}, e.g. {@code MasterData/MasterDataFile.xlsx}) the step builds the zip:
 * the file at its root, and the files of the folders its folder attributes name
 * ({@code deeBasePath}, {@code importXMLObjectPath}, ...) at their paths in the package; the
 * step's other attributes are stored as the package's loading options. With a {@code .zip} as
 * {@code filePath} the zip is sent as is and the other attributes are not considered.
 */
@AutoService(StepHandler.class)
public final class MasterDataStepHandler extends AbstractIntegrationEntryStepHandler {

    static final String MESSAGE_TYPE = "MasterData";
    /** The attributes naming package folders whose files go into the zip with their structure kept. */
    static final List<String> FOLDER_ATTRIBUTES = List.of("deeBasePath", "importXMLObjectPath",
            "documentFileBasePath", "mappingFileBasePath", "automationWorkflowFileBasePath", "checklistImagePath");
    /** The seed: CreateInCollection is not configurable. */
    static final String CREATE_IN_COLLECTION = "createInCollection";

    @Override
    public Set<String> stepTypes() {
        return Set.of("MasterData");
    }

    @Override
    protected List<PlannedChange> planned(PlanningContext context) {
        return context.attributes().get("filePath").map(path -> List.of(PlannedChange.creates(
                ChangeKind.INTEGRATION_ENTRY, path))).orElse(List.of());
    }

    static boolean prebuilt(String filePath) {
        return filePath.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    @Override
    protected void validateEntries(StepContext context) throws Exception {
        Optional<String> filePath = context.attribute("filePath").filter(v -> !v.isBlank());
        if (filePath.isEmpty()) {
            context.problems().error("MasterData needs the attribute filePath (the master data file, or a ready .zip)");
            return;
        }
        if (!isFile(context, "filePath", filePath.get())
                || !fits(context, "the name of " + filePath.get(), zipName(filePath.get()), NAME_LENGTH)) {
            return;
        }
        if (context.attribute(CREATE_IN_COLLECTION).isPresent()) {
            context.problems().warning(CREATE_IN_COLLECTION + " is not configurable; it is ignored");
        }
        if (prebuilt(filePath.get())) {
            List<String> ignored = context.attributes().names().stream().filter(n -> !n.equalsIgnoreCase("type")
                    && !n.equalsIgnoreCase("filePath") && !n.equalsIgnoreCase("title") && !n.equalsIgnoreCase(WAIT)
                    && !n.equalsIgnoreCase(CREATE_IN_COLLECTION)).toList();
            if (!ignored.isEmpty()) {
                context.problems().warning("filePath " + filePath.get() + " is a ready zip, sent as is: "
                        + String.join(", ", ignored) + " not considered");
            }
            return;
        }
        boolean foldersFine = true;
        for (String attribute : FOLDER_ATTRIBUTES) {
            Optional<String> folder = context.attribute(attribute).filter(v -> !v.isBlank());
            if (folder.isPresent()) {
                foldersFine &= checkFolder(context, attribute, folder.get());
            }
        }
        if (!foldersFine) {
            return;
        }
        try {
            archive(context);
        } catch (IllegalArgumentException e) {
            context.problems().error(e.getMessage());
        }
    }

    private static boolean isFile(StepContext context, String attribute, String path) {
        try {
            if (Files.isRegularFile(context.content().resolve(path))) {
                return true;
            }
            context.problems().error(attribute + " " + path + " is not a file of the package");
        } catch (RuntimeException e) {
            context.problems().error(attribute + " " + path + ": " + reason(e));
        }
        return false;
    }

    /** Whether a folder attribute names a folder of the package; its problem reported when not. */
    private static boolean checkFolder(StepContext context, String attribute, String folder) {
        try {
            String normalized = folder(folder);
            if (normalized.isEmpty()) {
                context.problems().error(attribute + " " + folder + " names the package root, not a folder in it");
            } else if (!Files.isDirectory(context.content().resolve(normalized))) {
                context.problems().error(attribute + " " + folder + " is not a folder of the package");
            } else {
                return true;
            }
        } catch (RuntimeException e) {
            context.problems().error(attribute + " " + folder + ": " + reason(e));
        }
        return false;
    }

    private static String reason(RuntimeException e) {
        return e instanceof DeploymentException d ? d.reason() : String.valueOf(e.getMessage());
    }

    /** A folder attribute as a package path: {@code /} separators, no leading {@code ./} or trailing {@code /}. */
    static String folder(String value) {
        String path = value.trim().replace('\\', '/');
        while (path.startsWith("./")) {
            path = path.substring(2);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.equals(".") ? "" : path;
    }

    /** The zip of a master data file and its folders. */
    static MasterDataArchive archive(StepContext context) throws Exception {
        String filePath = context.requiredAttribute("filePath");
        MasterDataArchive archive = new MasterDataArchive();
        archive.add(IntegrationEntryStepHandler.fileName(filePath.replace('\\', '/')), context.content().resolve(filePath));
        for (String attribute : FOLDER_ATTRIBUTES) {
            Optional<String> folder = context.attribute(attribute).filter(v -> !v.isBlank()).map(MasterDataStepHandler::folder);
            if (folder.isPresent() && !folder.get().isEmpty()) {
                for (String file : context.content().find(folder.get() + "/**")) {
                    archive.add(file, context.content().resolve(file));
                }
            }
        }
        return archive;
    }

    /** The zip's name: the master data file's, with {@code .zip} for its extension. */
    static String zipName(String filePath) {
        String name = IntegrationEntryStepHandler.fileName(filePath.replace('\\', '/'));
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name) + ".zip";
    }

    /** The files of the folders go into the zip: a changed one makes a resumed deployment run the step again. */
    @Override
    public void fingerprint(StepContext context, Fingerprint fingerprint) throws Exception {
        String filePath = context.requiredAttribute("filePath");
        fingerprint.addPackageFile(filePath);
        if (!prebuilt(filePath)) {
            for (String attribute : FOLDER_ATTRIBUTES) {
                Optional<String> folder = context.attribute(attribute).filter(v -> !v.isBlank())
                        .map(MasterDataStepHandler::folder);
                if (folder.isPresent() && !folder.get().isEmpty()) {
                    for (String file : context.content().find(folder.get() + "/**")) {
                        fingerprint.addPackageFile(file);
                    }
                }
            }
        }
    }

    @Override
    protected List<NewEntry> entries(StepContext context) throws Exception {
        String filePath = context.requiredAttribute("filePath");
        if (prebuilt(filePath)) {
            Path zip = context.content().resolve(filePath);
            return List.of(new NewEntry(IntegrationEntryStepHandler.fileName(filePath.replace('\\', '/')), MESSAGE_TYPE,
                    Files.readAllBytes(zip), Map.of("filePath", filePath)));
        }
        Map<String, String> options = handlerAttributes(context, CREATE_IN_COLLECTION);
        return List.of(new NewEntry(zipName(filePath), MESSAGE_TYPE, archive(context).bytes(), options));
    }
}
