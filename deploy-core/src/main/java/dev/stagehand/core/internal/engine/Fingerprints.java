package dev.stagehand.core.internal.engine;

import dev.stagehand.api.JournalException;
import dev.stagehand.api.Location;
import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.spi.Fingerprint;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.io.TextEncoding;
import dev.stagehand.api.spi.VariableReferences;
import dev.stagehand.api.spi.RecordedContent;
import dev.stagehand.core.internal.content.DefaultPackageContent;
import dev.stagehand.core.internal.variables.VariableSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) of steps' inputs. The key is 32 random bytes in the state folder,
 * readable by its owner only, made on first use; without it a fingerprint says nothing about the
 * values that went in, secrets included. Losing the key only makes a resumed deployment run its
 * completed steps again.
 */
final class Fingerprints {

    static final String KEY_FILE = "fingerprint.key";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** One initialised MAC per thread: looking one up costs more than hashing a step's inputs. */
    private final ThreadLocal<Mac> macs;

    private Fingerprints(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides " + ALGORITHM, e);
        }
    }

    /** The key of a state folder, made when missing. */
    static Fingerprints open(Path stateFolder) {
        Path file = stateFolder.resolve(KEY_FILE);
        try {
            if (Files.isRegularFile(file)) {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length >= 32) {
                    return new Fingerprints(bytes);
                }
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // Not forced to disk: a key lost in a power cut only makes completed steps run again.
            AtomicFiles.write(file, false, temporary -> {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                }
                Files.write(temporary, fresh);
            });
            return new Fingerprints(fresh);
        } catch (IOException e) {
            throw new JournalException("the fingerprint key cannot be read or made: " + e.getMessage(),
                    Location.ofFile(file.toString()), e);
        }
    }

    /**
     * A fingerprint under construction, reading package files from {@code content}, values from
     * {@code values} and the parts of composite variables ({@code Product.Database.Online}) from
     * {@code variables}.
     */
    Builder start(DefaultPackageContent content, Function<String, Optional<String>> values, VariableSet variables) {
        Mac mac = macs.get();
        mac.reset();
        return new Builder(mac, content, values, variables);
    }

    /** Adds named values to the hash; each part length-prefixed so that no two inputs run together. */
    static final class Builder implements Fingerprint {

        private final Mac mac;
        private final DefaultPackageContent content;
        private final Function<String, Optional<String>> values;
        private final VariableSet variables;

        private Builder(Mac mac, DefaultPackageContent content, Function<String, Optional<String>> values,
                        VariableSet variables) {
            this.mac = mac;
            this.content = content;
            this.values = values;
            this.variables = variables;
        }

        /** A variable's value and, for a composite one, the value of each of its parts. */
        void addVariable(String name) {
            add("variable " + name.toLowerCase(Locale.ROOT), values.apply(name).orElse(null));
            if (variables.isComposite(name)) {
                new TreeMap<>(variables.below(name)).forEach((part, value) -> add("variable "
                        + part.toLowerCase(Locale.ROOT), value));
            }
        }

        @Override
        public void add(String name, String value) {
            part(name);
            part(value == null ? "\u0000null" : value);
        }

        @Override
        public void addPackageFile(String relativePath) throws IOException {
            Optional<RecordedContent> recorded = content.recorded(relativePath);
            if (recorded.isPresent()) {
                // A zip's entry as its header records it: the fingerprint unpacks nothing.
                add("file " + relativePath, "entry " + recorded.get().size() + ":" + recorded.get().crc32());
                return;
            }
            Path file = content.resolve(relativePath);
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                add("file " + relativePath, "absent");
                return;
            }
            if (content.isChanged(relativePath)) {
                add("file " + relativePath, "content:" + Sha256.of(file));
                return;
            }
            add("file " + relativePath, attributes.size() + ":" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        }

        @Override
        public void addVariablesUsedIn(String text) {
            for (String name : VariableReferences.in(text)) {
                addVariable(name);
            }
        }

        @Override
        public void addVariablesUsedInFile(String relativePath) throws IOException {
            Path file = content.resolve(relativePath);
            if (Files.isRegularFile(file)) {
                addVariablesUsedIn(TextEncoding.decodeText(Files.readAllBytes(file)));
            }
        }

        private void part(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            mac.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                    (byte) (bytes.length >>> 8), (byte) bytes.length});
            mac.update(bytes);
        }

        String finish() {
            return HexFormat.of().formatHex(mac.doFinal());
        }
    }
}
