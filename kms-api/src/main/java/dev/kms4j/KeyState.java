package dev.kms4j;

/** The lifecycle state of a key or of one key version. */
public enum KeyState {
    /** Usable for every operation its usage allows. */
    ENABLED,
    /** Kept, but refuses use with {@link KmsErrorCode#INVALID_KEY_STATE} until enabled again. */
    DISABLED,
    /** Scheduled for destruction; refuses use; deletion can still be cancelled. */
    PENDING_DELETION,
    /** Key material is gone for good; old ciphertexts under it can never be decrypted. */
    DESTROYED
}
