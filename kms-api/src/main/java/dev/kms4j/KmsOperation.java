package dev.kms4j;

/**
 * The operations of {@link KmsManager}, one constant per method, as a key access policy names
 * them and an audit record reports them. Finer than {@link Capability}: reading and setting a
 * rotation policy, or disabling and enabling, are separate operations here, so a policy can allow
 * one without the other.
 *
 * <p>Immutable and thread-safe; nothing here is secret.
 */
public enum KmsOperation {
    /** {@link KmsManager#createKey}. */
    CREATE_KEY("createKey"),
    /** {@link KmsManager#listKeys}. */
    LIST_KEYS("listKeys"),
    /** {@link KmsManager#metadata}. */
    METADATA("metadata"),
    /** {@link KmsManager#rotate}. */
    ROTATE("rotate"),
    /** {@link KmsManager#rotationPolicy}. */
    ROTATION_POLICY("rotationPolicy"),
    /** {@link KmsManager#setRotationPolicy}. */
    SET_ROTATION_POLICY("setRotationPolicy"),
    /** {@link KmsManager#disable}. */
    DISABLE("disable"),
    /** {@link KmsManager#enable}. */
    ENABLE("enable"),
    /** {@link KmsManager#scheduleDeletion}. */
    SCHEDULE_DELETION("scheduleDeletion"),
    /** {@link KmsManager#cancelDeletion}. */
    CANCEL_DELETION("cancelDeletion"),
    /** {@link KmsManager#sign}. */
    SIGN("sign"),
    /** {@link KmsManager#verify}. */
    VERIFY("verify"),
    /** {@link KmsManager#getPublicKey}. */
    GET_PUBLIC_KEY("getPublicKey"),
    /** {@link KmsManager#encrypt}. */
    ENCRYPT("encrypt"),
    /** {@link KmsManager#decrypt}. */
    DECRYPT("decrypt"),
    /** {@link KmsManager#createDek}. */
    CREATE_DEK("createDek"),
    /** {@link KmsManager#wrap}. */
    WRAP("wrap"),
    /** {@link KmsManager#unwrap}. */
    UNWRAP("unwrap");

    private final String methodName;

    KmsOperation(String methodName) {
        this.methodName = methodName;
    }

    /** The {@link KmsManager} method name, for example {@code "createDek"}: the name audit records use. */
    public String methodName() {
        return methodName;
    }

    /**
     * Reads an operation by its constant name ({@code CREATE_DEK}) or method name
     * ({@code createDek}), case-insensitively; {@code -} and {@code _} are interchangeable.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if no operation has that name
     */
    public static KmsOperation parse(String name) {
        if (name != null) {
            String wanted = name.trim().replace('-', '_');
            for (KmsOperation op : values()) {
                if (op.name().equalsIgnoreCase(wanted) || op.methodName.equalsIgnoreCase(wanted)) {
                    return op;
                }
            }
        }
        throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "unknown operation " + KeyRef.quote(name));
    }
}
