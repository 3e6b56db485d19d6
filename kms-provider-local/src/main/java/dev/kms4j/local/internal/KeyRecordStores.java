package dev.kms4j.local.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.ProviderConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Opens the {@link KeyRecordStore} a local provider configuration asks for. */
public final class KeyRecordStores {
    /** The {@code path} value that selects the in-memory store. */
    public static final String IN_MEMORY = ":memory:";

    private KeyRecordStores() {
    }

    /**
     * Opens the store named by the {@code path} setting ({@code KMS4J_LOCAL_PATH}):
     * {@value #IN_MEMORY} for memory, otherwise a keystore directory opened (and created if
     * new) by {@link FileKeyRecordStore#open}, which documents the other settings.
     *
     * @throws KmsException {@code INVALID_ARGUMENT} if no path is configured, and whatever
     *     {@link FileKeyRecordStore#open} throws
     */
    public static KeyRecordStore open(ProviderConfig config) {
        String path = config.require("path", "KMS4J_LOCAL_PATH");
        if (path.equals(IN_MEMORY)) {
            return new InMemoryKeyRecordStore();
        }
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "local keystore path is not a valid path", e);
        }
        return FileKeyRecordStore.open(dir, config);
    }
}
