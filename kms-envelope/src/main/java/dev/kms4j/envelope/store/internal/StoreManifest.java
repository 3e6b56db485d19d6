package dev.kms4j.envelope.store.internal;

import dev.kms4j.internal.files.AtomicFiles;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.OptionalLong;

/**
 * The DEK store manifest, {@code dekstore.properties}: {@code format=1} and
 * {@code generation=<g>}, the generation directory that holds the current entries. Replacing it
 * (atomically) is the commit point of a re-wrap. Stateless and thread-safe.
 */
public final class StoreManifest {
    private static final String FORMAT_LINE = "format=1";
    private static final String GENERATION_KEY = "generation=";
    private static final int MAX_BYTES = 1024;

    private StoreManifest() {
    }

    /**
     * The current generation, or empty if there is no manifest (a new store).
     *
     * @throws KmsException {@link KmsErrorCode#INTEGRITY} if the manifest is damaged or of an
     *     unknown format
     */
    public static OptionalLong read(StoreLayout layout) throws IOException {
        byte[] content;
        try (InputStream in = Files.newInputStream(layout.manifestFile())) {
            content = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        if (content.length > MAX_BYTES || lines.length != 2 || !lines[0].equals(FORMAT_LINE)
                || !lines[1].startsWith(GENERATION_KEY)) {
            throw damaged(layout);
        }
        OptionalLong generation = StoreLayout.generationOf("deks." + lines[1].substring(GENERATION_KEY.length()));
        if (generation.isEmpty() || generation.getAsLong() < 1) {
            throw damaged(layout);
        }
        return generation;
    }

    /** Writes the manifest naming {@code generation}, atomically and durably. */
    public static void write(StoreLayout layout, long generation) throws IOException {
        String text = FORMAT_LINE + "\n" + GENERATION_KEY + generation + "\n";
        AtomicFiles.write(layout.manifestFile(), text.getBytes(StandardCharsets.UTF_8));
    }

    private static KmsException damaged(StoreLayout layout) {
        return new KmsException(KmsErrorCode.INTEGRITY, "DEK store " + layout + " has a damaged or unknown "
                + StoreLayout.MANIFEST_FILE + " (expected '" + FORMAT_LINE + "' and a generation)");
    }
}
