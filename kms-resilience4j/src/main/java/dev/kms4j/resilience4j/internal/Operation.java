package dev.kms4j.resilience4j.internal;

/**
 * The provider operations, named as {@code KmsManager} names them, and whether repeating one is
 * safe when its first answer may have been lost.
 *
 * <p>Not safe: {@code createKey} (a provider that assigns ids, as AWS does, makes a second key;
 * with a caller-chosen id the retry reports {@code ALREADY_EXISTS} for a key it created itself),
 * {@code rotate} (may rotate twice), {@code scheduleDeletion} and {@code cancelDeletion} (the
 * retry finds the key already in the new state and reports {@code INVALID_KEY_STATE} for a call
 * that succeeded). Everything else only reads, produces a fresh independent result (encrypt,
 * sign, createDek, wrap), or sets a state to a fixed value (disable, enable, setRotationPolicy),
 * so doing it twice equals doing it once.
 */
enum Operation {
    CREATE_KEY("createKey", false),
    LIST_KEYS("listKeys", true),
    METADATA("metadata", true),
    ROTATE("rotate", false),
    ROTATION_POLICY("rotationPolicy", true),
    SET_ROTATION_POLICY("setRotationPolicy", true),
    DISABLE("disable", true),
    ENABLE("enable", true),
    SCHEDULE_DELETION("scheduleDeletion", false),
    CANCEL_DELETION("cancelDeletion", false),
    SIGN("sign", true),
    VERIFY("verify", true),
    GET_PUBLIC_KEY("getPublicKey", true),
    ENCRYPT("encrypt", true),
    DECRYPT("decrypt", true),
    CREATE_DEK("createDek", true),
    WRAP("wrap", true),
    UNWRAP("unwrap", true);

    private final String displayName;
    private final boolean safeToRepeat;

    Operation(String displayName, boolean safeToRepeat) {
        this.displayName = displayName;
        this.safeToRepeat = safeToRepeat;
    }

    boolean safeToRepeat() {
        return safeToRepeat;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
