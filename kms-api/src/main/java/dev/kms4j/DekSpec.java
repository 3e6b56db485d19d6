package dev.kms4j;

/** The kind of data-encryption key {@code createDek} generates. */
public enum DekSpec {
    /** A 128-bit AES key. */
    AES_128(16),
    /** A 256-bit AES key. */
    AES_256(32);

    private final int lengthBytes;

    DekSpec(int lengthBytes) {
        this.lengthBytes = lengthBytes;
    }

    /** Key length in bytes. */
    public int lengthBytes() {
        return lengthBytes;
    }
}
