package dev.kms4j.server.http.internal;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.envelope.store.EntityIds;

/**
 * The seed-002 {@code key_id} of a thread's DEK: {@code "k_" + thread id}, where the thread id is
 * the entity id of the thread's entry in the DEK store.
 *
 * <p>Why this mapping: it needs no second index (the store is keyed by entity id, so a lookup is
 * one read and survives restarts with the store alone), it is stable across KEK re-wraps, and it is
 * not secret (thread ids are identifiers, already in the seed's thread metadata). A key id cannot
 * name anything outside the store, because the rest must be a valid {@link EntityIds entity id}.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyIds {
    /** The prefix the seed's clients expect on every key id. */
    public static final String PREFIX = "k_";

    private KeyIds() {
    }

    /** The key id of {@code threadId}'s DEK. */
    public static String forThread(String threadId) {
        return PREFIX + EntityIds.require(threadId);
    }

    /**
     * The thread (entity) id named by {@code keyId}.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if it is not {@code "k_"} followed
     *     by a valid entity id
     */
    public static String threadOf(String keyId) {
        if (keyId != null && keyId.startsWith(PREFIX) && EntityIds.isValid(keyId.substring(PREFIX.length()))) {
            return keyId.substring(PREFIX.length());
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                "key_id must be 'k_' followed by a thread id (a letter or digit, then up to "
                        + (EntityIds.MAX_LENGTH - 1) + " letters, digits, '.', '_' or '-')");
    }
}
