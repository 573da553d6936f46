package dev.stagehand.core.internal.packages;

import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.model.XmlElement;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.manifest.ManifestParser;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.internal.xml.XmlTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads packages, folders or zips, each with exactly one {@code manifest.xml} at its root,
 * and finds the packages under a package source folder.
 */
public final class PackageFiles {

    static final String MANIFEST = "manifest.xml";
    /**
     * The most a manifest (or a file it injects) may hold. Real manifests are a few KB; every plan
     * reads the manifests of its sources, so one huge file must not cost memory, let alone all of it.
     */
    public static final long MAX_MANIFEST_BYTES = 4L << 20;
    private static final Path WORKING_FOLDER = Path.of("").toAbsolutePath();

    private PackageFiles() {
    }

    /**
     * A package's manifest bytes, read once; parsed by {@link #parse}. Indexing keeps these and
     * parses only the packages a plan needs.
     *
     * @param origin      the package folder or zip
     * @param zipped      true for a zip
     * @param display     the package as the user names it
     * @param manifest    the manifest's path inside the package (its spelling may vary in case)
     * @param bytes       the manifest's content
     * @param limits      what a zip may hold, for the files the manifest injects
     * @param stamp       the manifest file's stamp, taken before it was read (null in a zip)
     */
    public record RawPackage(Path origin, boolean zipped, String display, String manifest, byte[] bytes,
                             ZipLimits limits, SourceMemory.Stamp stamp) {

        String manifestDisplay() {
            return display + (zipped ? "!/" : "/") + manifest;
        }
    }

    public static RawPackage raw(Path path) throws IOException {
        return raw(path, ZipLimits.DEFAULTS);
    }

    /** A package's manifest, read once; a manifest above {@link #MAX_MANIFEST_BYTES} is refused unread. */
    public static RawPackage raw(Path path, ZipLimits limits) throws IOException {
        String display = displayName(path);
        if (Files.isDirectory(path)) {
            List<String> manifests;
            try (Stream<Path> files = Files.list(path)) {
                manifests = files.map(p -> p.getFileName().toString()).filter(n -> n.equalsIgnoreCase(MANIFEST))
                        .sorted().toList();
            }
            String manifest = single(manifests, display);
            Path file = path.resolve(manifest);
            SourceMemory.Stamp stamp = SourceMemory.Stamp.of(file);
            return new RawPackage(path, false, display, manifest, readBounded(file, display + "/" + manifest,
                    stamp == null ? Files.size(file) : stamp.size()), limits, stamp);
        }
        if (isZip(path)) {
            try (ZipPackage zip = ZipPackage.open(path, display, limits)) {
                String manifest = single(zip.findIgnoringCase(MANIFEST), display);
                return new RawPackage(path, true, display, manifest, zip.readAll(manifest, MAX_MANIFEST_BYTES,
                        "the manifest " + manifest), limits, null);
            }
        }
        if (!Files.exists(path)) {
            throw new ManifestException("no such file or folder", Location.ofFile(display));
        }
        throw new ManifestException("not a package: expected a folder with manifest.xml or a .zip",
                Location.ofFile(display));
    }

    public static LoadedPackage parse(RawPackage raw) throws IOException {
        XmlElement root = XmlTreeReader.read(raw.bytes(), raw.manifestDisplay());
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(raw.bytes());
        if (!raw.zipped()) {
            // The files a manifest names follow the rule of every package file a step reads: inside the
            // package for real, no link leading out of it.
            DefaultPackageContent content = new DefaultPackageContent(raw.origin());
            ManifestParser.Result result = ManifestParser.parse(root, (relative, at) -> {
                refuseEscape(relative, at);
                Path file;
                try {
                    file = content.resolve(relative);
                } catch (IllegalArgumentException e) {
                    throw new ManifestException("xmlInjection file " + e.getMessage(), at);
                }
                if (!Files.isRegularFile(file)) {
                    throw new ManifestException("xmlInjection file '" + relative + "' is not in the package", at);
                }
                byte[] bytes = readBounded(file, raw.display() + "/" + relative.replace('\\', '/'), Files.size(file));
                digest.update(bytes);
                return XmlTreeReader.read(bytes, raw.display() + "/"
                        + relative.replace('\\', '/'));
            });
            return new LoadedPackage(result.manifest(), raw.origin(), false, result.warnings(), Sha256.hex(digest));
        }
        ZipPackage[] zip = new ZipPackage[1];
        try {
            ManifestParser.Result result = ManifestParser.parse(root, (relative, at) -> {
                refuseEscape(relative, at);
                if (zip[0] == null) {
                    zip[0] = ZipPackage.open(raw.origin(), raw.display(), raw.limits());
                }
                if (!zip[0].contains(relative)) {
                    throw new ManifestException("xmlInjection file '" + relative + "' is not in the package", at);
                }
                byte[] bytes = zip[0].readAll(relative, MAX_MANIFEST_BYTES, "the xmlInjection file " + relative);
                digest.update(bytes);
                return XmlTreeReader.read(bytes, zip[0].displayName(relative));
            });
            return new LoadedPackage(result.manifest(), raw.origin(), true, result.warnings(), Sha256.hex(digest));
        } finally {
            if (zip[0] != null) {
                zip[0].close();
            }
        }
    }

    /** A manifest or injected file, refused unread above {@link #MAX_MANIFEST_BYTES}. */
    private static byte[] readBounded(Path file, String display, long size) throws IOException {
        if (size > MAX_MANIFEST_BYTES) {
            throw new ManifestException("the file is " + size + " bytes; a manifest (or a file it injects) may hold"
                    + " at most " + MAX_MANIFEST_BYTES + " bytes: refused unread", Location.ofFile(display));
        }
        try (InputStream in = Files.newInputStream(file)) {
            // Sized by the stamp: one read of the whole file, and one more that finds its end.
            byte[] bytes = in.readNBytes((int) Math.min(size + 1, MAX_MANIFEST_BYTES + 1));
            if (bytes.length == size + 1 && size < MAX_MANIFEST_BYTES) {
                bytes = concat(bytes, in.readNBytes((int) (MAX_MANIFEST_BYTES - size)));
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new ManifestException("the file grew past " + MAX_MANIFEST_BYTES + " bytes while it was read",
                        Location.ofFile(display));
            }
            return bytes;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void refuseEscape(String relative, Location at) {
        SafePaths.escapeReason(relative).ifPresent(reason -> {
            throw new ManifestException("xmlInjection file '" + relative + "' is refused: " + reason, at);
        });
    }

    private static String single(List<String> manifests, String display) {
        if (manifests.isEmpty()) {
            throw new ManifestException("the package has no manifest.xml at its root", Location.ofFile(display));
        }
        if (manifests.size() > 1) {
            throw new ManifestException("the package has " + manifests.size() + " manifests " + manifests
                    + "; a package has exactly one manifest.xml", Location.ofFile(display));
        }
        return manifests.get(0);
    }

    /** True when {@code path} is a package: a folder with a manifest.xml, or a zip. */
    public static boolean isPackage(Path path) {
        if (isZip(path)) {
            return true;
        }
        // One stat answers for the usual spelling; only other spellings need the folder listed.
        if (Files.isRegularFile(path.resolve(MANIFEST))) {
            return true;
        }
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> files = Files.list(path)) {
            return files.anyMatch(p -> p.getFileName().toString().equalsIgnoreCase(MANIFEST) && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isZip(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".zip") && Files.isRegularFile(path);
    }

    /**
     * The packages at {@code path}: itself when it is a package, else every package in it and
     * in its sub-folders (a package folder is not searched further), sorted by path.
     */
    public static List<Path> discover(Path path) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(path, found);
        return found;
    }

    private static void collect(Path path, List<Path> found) throws IOException {
        if (isPackage(path)) {
            found.add(path);
            return;
        }
        if (!Files.isDirectory(path)) {
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(path)) {
            children = list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        for (Path child : children) {
            collect(child, found);
        }
    }

    /** The path as the user would write it: relative to the working folder when under it. */
    public static String displayName(Path path) {
        if (!path.isAbsolute() && !path.startsWith("..")) {
            String text = path.normalize().toString().replace('\\', '/');
            return text.isEmpty() ? "." : text;
        }
        Path absolute = path.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(WORKING_FOLDER) ? WORKING_FOLDER.relativize(absolute) : absolute;
        String text = shown.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }
}
