package dev.stagehand.core.transform;

import dev.stagehand.api.Location;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.io.TextEncoding;
import dev.stagehand.core.PackageReader;
import dev.stagehand.core.internal.variables.VariableSet;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a transform file to a target file, choosing JDT or XDT by the target's extension:
 * {@code .json} is JDT, {@code .xml} and {@code .config} are XDT. Both files keep their encoding:
 * a byte order mark names it, else an XML declaration does, else it is UTF-8.
 */
public final class FileTransforms {

    private static final String SUPPORTED = ".json (JDT), .xml and .config (XDT)";
    private static final Pattern XML_ENCODING =
            Pattern.compile("\\A<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");

    private FileTransforms() {
    }

    /**
     * The target as the transform makes it; the target itself is not changed.
     *
     * @param target the file to transform
     * @param transform the transform file (JDT for {@code .json}, XDT for {@code .xml} and {@code .config})
     * @param tagger applied to the transform file's text before it is parsed (the {@code tagFile}
     *               option: replacing {@code $(Name)} tokens, see {@link #tagger}); null for none
     * @return the output text (without a byte order mark) and the warnings
     * @throws TransformException when the extension is not supported, a file cannot be read or
     *                            decoded, or the transform fails; nothing is written
     */
    public static TransformResult apply(Path target, Path transform, UnaryOperator<String> tagger) {
        return run(target, transform, tagger).result();
    }

    /**
     * Applies the transform and replaces the target with the output, in its encoding, through a
     * temporary file in the same folder moved over it, so that a failure leaves the target as it was.
     *
     * @param target the file to transform, replaced by the output
     * @param transform the transform file
     * @param tagger applied to the transform file's text before it is parsed; null for none
     * @return the output and the warnings, as {@link #apply} gives them
     * @throws TransformException as {@link #apply}, or when the output cannot be written
     */
    public static TransformResult applyInPlace(Path target, Path transform, UnaryOperator<String> tagger) {
        return apply(target, transform, tagger, target);
    }

    /**
     * Applies the transform and writes the output to {@code output} (which may be the target) in
     * the target's encoding, the way {@link #applyInPlace} replaces the target: a failure leaves
     * {@code output} as it was.
     *
     * @param target the file to transform
     * @param transform the transform file
     * @param tagger applied to the transform file's text before it is parsed; null for none
     * @param output where the output goes
     * @return the output and the warnings, as {@link #apply} gives them
     * @throws TransformException as {@link #apply}, or when the output cannot be written
     */
    public static TransformResult apply(Path target, Path transform, UnaryOperator<String> tagger, Path output) {
        Run run = run(target, transform, tagger);
        String outputName = PackageReader.displayName(output);
        byte[] bytes = run.target().encode(run.result().output(), outputName);
        Path folder = output.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new TransformException("cannot write the transformed file: no such file or folder " + folder,
                    Location.ofFile(outputName));
        }
        try {
            // A link stays a link: the file it points to is the one replaced.
            Path real = Files.exists(output) ? output.toRealPath() : output;
            Path permissionsOf = Files.exists(real) ? real : target;
            AtomicFiles.write(real, false, temporary -> {
                copyPermissions(permissionsOf, temporary);
                Files.write(temporary, bytes);
            });
        } catch (IOException e) {
            throw new TransformException("cannot write the transformed file: " + describe(e), Location.ofFile(outputName), e);
        }
        return run.result();
    }

    /**
     * The tagger for {@code tagFile}: replaces {@code $(Name)} with the value of {@code Name}
     * (names match ignoring case); {@code $$(} stands for a literal {@code $(}. A name without a
     * value is an error naming every such name.
     *
     * @param values the variable values, by name
     * @return the tagger
     */
    public static UnaryOperator<String> tagger(Map<String, String> values) {
        VariableSet variables = new VariableSet(values, List.of(), Map.of(), Set.of());
        return text -> {
            Set<String> unknown = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            String tagged = variables.expand(text, name -> {
                unknown.add(name);
                return "";
            });
            if (!unknown.isEmpty()) {
                throw new TransformException((unknown.size() == 1 ? "no value for $(" : "no values for $(")
                        + String.join("), $(", unknown) + ") in the transform file", Location.UNKNOWN);
            }
            return tagged;
        };
    }

    private record Run(TransformResult result, DecodedText target) {
    }

    private static Run run(Path target, Path transform, UnaryOperator<String> tagger) {
        String targetName = PackageReader.displayName(target);
        String transformName = PackageReader.displayName(transform);
        String extension = extension(target);
        boolean json = extension.equals(".json");
        boolean xml = extension.equals(".xml") || extension.equals(".config");
        if (!json && !xml) {
            throw new TransformException("cannot transform '" + target.getFileName() + "': supported extensions are "
                    + SUPPORTED, Location.ofFile(targetName));
        }
        DecodedText source = DecodedText.read(target, targetName, xml);
        DecodedText transformText = DecodedText.read(transform, transformName, xml);
        String transformContent = transformText.text();
        if (tagger != null) {
            try {
                transformContent = tagger.apply(transformContent);
            } catch (TransformException e) {
                if (e.location() != Location.UNKNOWN) {
                    throw e;
                }
                throw new TransformException(e.reason(), Location.ofFile(transformName), e);
            }
        }
        TransformResult result = json
                ? JsonDocumentTransform.apply(source.text(), transformContent, transformName)
                : XmlDocumentTransform.apply(source.text(), transformContent, transformName);
        return new Run(result, source);
    }

    private static String describe(IOException e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        return e.getMessage();
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (view != null) {
            Files.setPosixFilePermissions(to, view.readAttributes().permissions());
        }
    }

    /** A file's text without its byte order mark, and how to write text back the same way. */
    private record DecodedText(String text, TextEncoding encoding) {

        static DecodedText read(Path file, String name, boolean xml) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new TransformException("no such file", Location.ofFile(name), e);
            } catch (IOException e) {
                throw new TransformException("cannot read the file: " + e.getMessage(), Location.ofFile(name), e);
            }
            TextEncoding encoding = TextEncoding.sniff(bytes, bytes.length, StandardCharsets.UTF_8);
            if (!encoding.hasBom() && xml) {
                encoding = new TextEncoding(declaredEncoding(bytes, name), new byte[0]);
            }
            try {
                return new DecodedText(encoding.decodeStrictly(bytes), encoding);
            } catch (CharacterCodingException e) {
                throw new TransformException("the file is not valid " + encoding.charset().name()
                        + " (give it a byte order mark, or an XML declaration naming its encoding)", Location.ofFile(name), e);
            }
        }

        byte[] encode(String output, String name) {
            try {
                return encoding.encode(output);
            } catch (CharacterCodingException e) {
                throw new TransformException("the transformed text cannot be written in the file's encoding, "
                        + encoding.charset().name(), Location.ofFile(name), e);
            }
        }

        /** The encoding an XML declaration names; declarations are ASCII in every encoding without a BOM worth reading. */
        private static Charset declaredEncoding(byte[] bytes, String name) {
            String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
            Matcher m = XML_ENCODING.matcher(head);
            if (!m.find()) {
                return StandardCharsets.UTF_8;
            }
            try {
                return Charset.forName(m.group(1));
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new TransformException("the XML declaration names encoding '" + m.group(1)
                        + "', which this Java runtime does not support", Location.ofFile(name), e);
            }
        }
    }
}
