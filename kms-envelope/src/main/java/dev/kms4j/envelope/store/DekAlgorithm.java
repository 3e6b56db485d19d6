package dev.kms4j.envelope.store;

import dev.kms4j.DekSpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;

/**
 * The algorithm a stored DEK is used with. Only AES-256-GCM exists today; the code is stored
 * with every entry so that another algorithm can be added without guessing what old entries are.
 * Immutable and thread-safe; not secret.
 */
public enum DekAlgorithm {
    /** AES-256-GCM with a 12-byte random nonce and a 16-byte tag, through Tink. */
    AES_256_GCM(1, DekSpec.AES_256);

    private final int code;
    private final DekSpec spec;

    DekAlgorithm(int code, DekSpec spec) {
        this.code = code;
        this.spec = spec;
    }

    /** The one-byte code stored with an entry. */
    public int code() {
        return code;
    }

    /** The data-key spec to ask the KMS for. */
    public DekSpec dekSpec() {
        return spec;
    }

    /**
     * The algorithm with the given stored code.
     *
     * @throws KmsException {@link KmsErrorCode#UNSUPPORTED} for a code this version does not know
     */
    public static DekAlgorithm fromCode(int code) {
        for (DekAlgorithm a : values()) {
            if (a.code == code) {
                return a;
            }
        }
        throw new KmsException(KmsErrorCode.UNSUPPORTED, "unknown DEK algorithm code " + code
                + "; it was written by a newer kms4j");
    }
}
