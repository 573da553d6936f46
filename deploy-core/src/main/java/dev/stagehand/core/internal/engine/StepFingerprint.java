package dev.stagehand.core.internal.engine;

import dev.stagehand.api.model.XmlElement;
import dev.stagehand.core.internal.variables.UndefinedUses;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What goes into a step's fingerprint: its type, its expanded attributes and inner elements, the
 * values of the variables they refer to (for a composite database reference, every part of it),
 * the target, the stamps of the package files its {@code contentPath} names, and what its handler
 * adds.
 */
final class StepFingerprint {

    private StepFingerprint() {
    }

    static String of(Deployment deployment, StepRun s) throws Exception {
        DefaultStepContext context = s.context;
        Fingerprints.Builder fingerprint = deployment.fingerprints.start(context.packageContent(),
                context.variables()::get, deployment.variables());
        fingerprint.add("type", s.step.type().toLowerCase(Locale.ROOT));
        fingerprint.add("target", s.target.name());
        Map<String, String> attributes = new TreeMap<>();
        context.attributes().asMap().forEach((name, value) -> attributes.put(name.toLowerCase(Locale.ROOT), value));
        attributes.forEach((name, value) -> fingerprint.add("attribute " + name, value));
        for (XmlElement child : context.children()) {
            element(fingerprint, child, "child");
        }
        for (String name : UndefinedUses.references(s.step)) {
            fingerprint.addVariable(name);
        }
        String contentPath = context.attribute("contentPath").orElse("");
        if (!contentPath.isBlank()) {
            List<String> files;
            try {
                files = context.content().find(contentPath);
            } catch (IllegalArgumentException e) {
                // A pattern that reaches outside the package was refused in Validate already.
                files = List.of();
            }
            for (String file : files) {
                fingerprint.addPackageFile(file);
            }
        }
        s.handler.fingerprint(context, fingerprint);
        return fingerprint.finish();
    }

    private static void element(Fingerprints.Builder fingerprint, XmlElement element, String path) {
        String here = path + "/" + element.name().toLowerCase(Locale.ROOT);
        fingerprint.add(here, element.text());
        new TreeMap<>(element.attributes().asMap()).forEach((name, value) -> fingerprint.add(here + "@"
                + name.toLowerCase(Locale.ROOT), value));
        for (XmlElement child : element.children()) {
            element(fingerprint, child, here);
        }
    }
}
