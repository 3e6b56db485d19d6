package dev.kms4j.envelope;

import dev.kms4j.DataKey;
import dev.kms4j.DekSpec;
import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.WrappedKey;
import dev.kms4j.envelope.internal.AuthenticatedInputStream;
import dev.kms4j.envelope.internal.BytesKey;
import dev.kms4j.envelope.internal.CachedDek;
import dev.kms4j.envelope.internal.DekCache;
import dev.kms4j.envelope.internal.DekMaterial;
import dev.kms4j.envelope.internal.Errors;
import dev.kms4j.envelope.internal.HeaderCodec;
import dev.kms4j.envelope.internal.HeaderTag;
import dev.kms4j.envelope.internal.ParsedHeader;
import dev.kms4j.envelope.internal.ReleasingOutputStream;
import dev.kms4j.envelope.internal.UnwrapFailures;
import dev.kms4j.envelope.internal.UnwrapOrder;
import dev.kms4j.internal.random.RandomBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Envelope encryption over kms4j key-encryption keys (KEKs): each message is encrypted under a
 * fresh (or, with a {@link DekCacheOptions DEK cache}, a reused) 256-bit data key, the data key is
 * wrapped under every configured KEK, and the wrapped keys travel in an authenticated header in
 * front of the payload. Format: {@code docs/envelope-format.md}; guide: {@code docs/envelope.md}.
 *
 * <pre>{@code
 * Envelope envelope = Envelope.builder(kms).kek(KeyRef.parse("local://orders")).build();
 * byte[] ct = envelope.encrypt(plaintext, EncryptionContext.of("tenant", "t-42"));
 * byte[] pt = envelope.decrypt(ct, EncryptionContext.of("tenant", "t-42"));
 * }</pre>
 *
 * <p><strong>Security contract.</strong>
 * <ul>
 *   <li>The caller's {@link EncryptionContext} is authenticated but <em>not stored</em> in the
 *       message: decryption needs the same context. It is also passed to the KMS wrap/unwrap calls,
 *       so providers that bind context do so too.</li>
 *   <li>Any altered, truncated or extended message, a wrong context, or a wrapped data key copied
 *       from another message fails with {@link KmsErrorCode#INTEGRITY}; an unknown format version
 *       or algorithm with {@link KmsErrorCode#UNSUPPORTED}; an unreachable or unknown KEK with that
 *       KEK's code (see {@link #decrypt}). Never a partial result, never an unchecked exception
 *       other than {@link KmsException}.</li>
 *   <li>Decryption unwraps only with KEKs this envelope trusts: its configured KEKs and those
 *       added with {@link Builder#trustKek}, any version of each unless the reference pins one.
 *       A message that names no trusted KEK fails with {@link KmsErrorCode#PERMISSION_DENIED}
 *       before any KMS call, so a crafted message cannot make the application use some other key
 *       it can reach. {@link Builder#trustAnyKek()} lifts this (for tools that re-wrap or read
 *       whatever a store holds); the KEKs reachable are then bounded only by the providers you
 *       enable and their permissions. Trusted KEKs are tried in configuration order, then the
 *       rest of the header's in header order.</li>
 *   <li>Plaintext and key material are never logged or put in exceptions; data keys are zeroed
 *       when no longer used.</li>
 * </ul>
 *
 * <p>Thread-safe; configuration is immutable. {@link #close()} empties (and zeroes) the DEK
 * caches; afterwards every operation throws {@link IllegalStateException}.
 */
public final class Envelope implements AutoCloseable {
    /** Default streaming ciphertext segment size: 1 MiB. */
    public static final int DEFAULT_SEGMENT_SIZE = 1 << 20;
    private static final int NONCE_LENGTH = 12;
    private static final int GCM_TAG_LENGTH = 16;

    private final KmsManager kms;
    private final List<KeyRef> keks;
    private final List<KeyRef> mayUnwrap;
    private final boolean trustAnyKek;
    private final DekCacheOptions cacheOptions;
    private final int segmentSize;
    private final byte[] oneShotFixed;
    private final byte[] streamingFixed;
    private final DekCache<EncryptionContext> encryptCache;
    private final DekCache<BytesKey> decryptCache;
    private volatile boolean closed;

    private Envelope(Builder b) {
        this.kms = b.kms;
        this.keks = List.copyOf(b.keks);
        List<KeyRef> unwrap = new ArrayList<>(b.keks);
        unwrap.addAll(b.trusted);
        this.mayUnwrap = List.copyOf(unwrap);
        this.trustAnyKek = b.trustAnyKek;
        this.cacheOptions = b.cacheOptions;
        this.segmentSize = b.segmentSize;
        this.oneShotFixed = HeaderCodec.fixedFields(PayloadAlgorithm.AES_256_GCM, 0);
        this.streamingFixed = HeaderCodec.fixedFields(PayloadAlgorithm.AES_256_GCM_HKDF_STREAMING, segmentSize);
        if (cacheOptions != null) {
            long maxAge = cacheOptions.maxAge().toNanos();
            this.encryptCache = new DekCache<>(maxAge, cacheOptions.maxEntries(), cacheOptions.maxMessages(),
                    cacheOptions.maxBytes());
            this.decryptCache = new DekCache<>(maxAge, cacheOptions.maxEntries(), Long.MAX_VALUE, Long.MAX_VALUE);
        } else {
            this.encryptCache = null;
            this.decryptCache = null;
        }
    }

    /** Starts a builder over {@code kms}; add at least one KEK. */
    public static Builder builder(KmsManager kms) {
        return new Builder(kms);
    }

    /** The KEKs every message is wrapped under, in the order decryption tries them first. */
    public List<KeyRef> keks() {
        return keks;
    }

    /** The streaming ciphertext segment size in bytes. */
    public int segmentSize() {
        return segmentSize;
    }

    /** Hits, misses and evictions of both DEK caches (all zero when the cache is off). */
    public CacheStats cacheStats() {
        if (encryptCache == null) {
            return new CacheStats(0, 0, 0, 0, 0, 0);
        }
        return new CacheStats(encryptCache.hits(), encryptCache.misses(), encryptCache.evictions(),
                decryptCache.hits(), decryptCache.misses(), decryptCache.evictions());
    }

    // ---------------------------------------------------------------- one-shot

    /**
     * Encrypts {@code plaintext} (which may be empty) as a one-shot AES-256-GCM message.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} for null arguments; the KMS's
     *     code if creating or wrapping the data key fails under any configured KEK (a message is
     *     only produced when every KEK wrapped its key)
     */
    public byte[] encrypt(byte[] plaintext, EncryptionContext context) {
        requireOpen();
        require(plaintext, "plaintext");
        require(context, "encryption context");
        if (encryptCache != null && encryptCache.admits(plaintext.length)) {
            CachedDek cached = encryptCache.acquire(context, plaintext.length);
            if (cached != null) {
                try {
                    return seal(cached.material(), cached.header(), cached.payloadAad(), plaintext);
                } finally {
                    cached.material().release();
                }
            }
            encryptCache.recordMiss();
        }
        byte[] contextAad = context.toAad();
        NewDek fresh = newDek(oneShotFixed, PayloadAlgorithm.AES_256_GCM, 0, context, contextAad);
        try {
            byte[] payloadAad = concat(oneShotFixed, contextAad);
            if (encryptCache != null && encryptCache.admits(plaintext.length)) {
                encryptCache.put(context, new CachedDek(fresh.material, fresh.header, payloadAad, encryptCache.now()),
                        plaintext.length);
            }
            return seal(fresh.material, fresh.header, payloadAad, plaintext);
        } finally {
            fresh.material.release();
        }
    }

    private static byte[] seal(DekMaterial material, byte[] header, byte[] payloadAad, byte[] plaintext) {
        byte[] nonce = RandomBytes.bytes(NONCE_LENGTH);
        try {
            // Tink writes the ciphertext after room for the header and nonce: one allocation, no copy.
            byte[] out = material.gcm().encrypt(nonce, plaintext, header.length + NONCE_LENGTH, payloadAad);
            System.arraycopy(header, 0, out, 0, header.length);
            System.arraycopy(nonce, 0, out, header.length, NONCE_LENGTH);
            return out;
        } catch (GeneralSecurityException e) {
            throw Errors.internal("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a message made by {@link #encrypt} (or by {@link #encryptingStream}, which is then
     * read fully into memory) under an equal {@code context}.
     *
     * <p>If no wrapped key can be unwrapped, the error names every KEK tried and carries the most
     * meaningful code: a retryable one (UNAVAILABLE, TIMEOUT, THROTTLED) first, then INTEGRITY,
     * then INVALID_KEY_STATE / PERMISSION_DENIED / UNAUTHENTICATED, then NOT_FOUND, then the rest.
     *
     * @throws KmsException INTEGRITY for altered, truncated or foreign messages or a wrong context,
     *     UNSUPPORTED for unknown format versions or algorithms, or the KEK's code as above
     */
    public byte[] decrypt(byte[] ciphertext, EncryptionContext context) {
        requireOpen();
        require(ciphertext, "ciphertext");
        require(context, "encryption context");
        byte[] contextAad = context.toAad();
        if (decryptCache != null && ciphertext.length > 5 && ciphertext[5] == PayloadAlgorithm.AES_256_GCM.id()) {
            // Fast path: this exact header was already authenticated under this context, so
            // neither parsing nor the header tag needs repeating (HMAC is deterministic).
            int headerLength = HeaderCodec.scanLength(ciphertext);
            if (headerLength > 0) {
                CachedDek cached = decryptCache.acquire(BytesKey.of(ciphertext, headerLength, contextAad), 0);
                if (cached != null) {
                    try {
                        return openOneShot(cached.material(), cached.payloadAad(), ciphertext, headerLength);
                    } finally {
                        cached.material().release();
                    }
                }
            }
        }
        ParsedHeader header = readHeader(ciphertext);
        if (header.algorithm().isStreaming()) {
            try (InputStream in = decryptingStream(new ByteArrayInputStream(ciphertext), context)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw unwrapIo(e);
            }
        }
        DekMaterial material = resolve(header, context, contextAad);
        try {
            return openOneShot(material, concat(header.fixedFields(), contextAad), ciphertext, header.length());
        } finally {
            material.release();
        }
    }

    /** Decrypts the one-shot payload that runs from {@code from} to the end of {@code message}. */
    private static byte[] openOneShot(DekMaterial material, byte[] payloadAad, byte[] message, int from) {
        if (message.length - from < NONCE_LENGTH + GCM_TAG_LENGTH) {
            throw Errors.integrity("payload is truncated");
        }
        byte[] nonce = Arrays.copyOfRange(message, from, from + NONCE_LENGTH);
        try {
            return material.gcm().decrypt(nonce, message, from + NONCE_LENGTH, payloadAad);
        } catch (GeneralSecurityException e) {
            throw Errors.integrity("payload failed authentication: it was altered or encrypted under another context");
        }
    }

    // ---------------------------------------------------------------- streaming

    /**
     * Returns a stream that encrypts what is written to it into {@code ciphertext} with Tink's
     * streaming AEAD (AES-GCM-HKDF, {@link #segmentSize()} segments), in constant memory. The
     * header is written at once. Close the returned stream to write the final segment: a stream
     * that is not closed gives a ciphertext that decryption rejects as truncated. Closing it also
     * closes {@code ciphertext}. Every stream uses its own data key (the DEK cache is for one-shot
     * messages: a stream amortises its KMS call anyway).
     *
     * @throws KmsException as {@link #encrypt}
     * @throws IOException if writing the header fails
     */
    public OutputStream encryptingStream(OutputStream ciphertext, EncryptionContext context) throws IOException {
        requireOpen();
        require(ciphertext, "ciphertext stream");
        require(context, "encryption context");
        byte[] contextAad = context.toAad();
        NewDek fresh = newDek(streamingFixed, PayloadAlgorithm.AES_256_GCM_HKDF_STREAMING, segmentSize, context, contextAad);
        try {
            ciphertext.write(fresh.header);
            OutputStream tink = fresh.material.streaming().newEncryptingStream(ciphertext, concat(streamingFixed, contextAad));
            return new ReleasingOutputStream(tink, fresh.material);
        } catch (GeneralSecurityException e) {
            fresh.material.release();
            throw Errors.internal("could not start the encrypting stream", e);
        } catch (IOException | RuntimeException e) {
            fresh.material.release();
            throw e;
        }
    }

    /**
     * Returns a stream of the plaintext of the message read from {@code ciphertext}. The header is
     * read and its data key unwrapped before this method returns, so header problems are thrown
     * here as {@link KmsException} (INTEGRITY, UNSUPPORTED, or the KEK's code as in
     * {@link #decrypt}). After that, the returned stream releases each segment's plaintext only
     * once that segment authenticated; an altered, reordered or truncated payload (including one
     * whose writer never closed its stream) makes {@code read} throw an {@link IOException} whose
     * cause is a {@link KmsException} with code INTEGRITY, and every later read throws it again.
     * I/O failures of {@code ciphertext} are thrown unchanged. Memory is bounded by two segments.
     * A one-shot message is accepted too (it is read into memory). Closing the returned stream
     * closes {@code ciphertext}.
     *
     * @throws IOException if reading the header fails
     */
    public InputStream decryptingStream(InputStream ciphertext, EncryptionContext context) throws IOException {
        requireOpen();
        require(ciphertext, "ciphertext stream");
        require(context, "encryption context");
        ParsedHeader header = HeaderCodec.read(ciphertext);
        byte[] contextAad = context.toAad();
        if (!header.algorithm().isStreaming()) {
            byte[] payload = ciphertext.readAllBytes();
            DekMaterial material = resolve(header, context, contextAad);
            try {
                return new ByteArrayInputStream(openOneShot(material, concat(header.fixedFields(), contextAad), payload, 0));
            } finally {
                material.release();
            }
        }
        DekMaterial material = resolve(header, context, contextAad);
        return AuthenticatedInputStream.open(material, ciphertext, concat(header.fixedFields(), contextAad));
    }

    /**
     * {@link #encryptingStream} over a blocking channel. Closing the returned channel finishes the
     * message and closes {@code ciphertext}.
     */
    public WritableByteChannel encryptingChannel(WritableByteChannel ciphertext, EncryptionContext context)
            throws IOException {
        require(ciphertext, "ciphertext channel");
        return Channels.newChannel(encryptingStream(Channels.newOutputStream(ciphertext), context));
    }

    /** {@link #decryptingStream} over a blocking channel, with the same error contract. */
    public ReadableByteChannel decryptingChannel(ReadableByteChannel ciphertext, EncryptionContext context)
            throws IOException {
        require(ciphertext, "ciphertext channel");
        return Channels.newChannel(decryptingStream(Channels.newInputStream(ciphertext), context));
    }

    // ---------------------------------------------------------------- re-wrap

    /** {@link #rewrap(byte[], EncryptionContext)} with the empty context. */
    public byte[] rewrap(byte[] ciphertext) {
        return rewrap(ciphertext, EncryptionContext.empty());
    }

    /**
     * Rewrites only the header of a message so that its data key is wrapped under this envelope's
     * KEKs (their current versions), and copies the payload byte for byte. The old header must
     * authenticate (its data key unwraps under one of its KEKs and its tag verifies under
     * {@code context}); the payload is not decrypted, so a damaged payload stays damaged and is
     * reported when the message is decrypted.
     *
     * @throws KmsException as {@link #decrypt} for the old header, as {@link #encrypt} for the new
     */
    public byte[] rewrap(byte[] ciphertext, EncryptionContext context) {
        requireOpen();
        require(ciphertext, "ciphertext");
        require(context, "encryption context");
        ParsedHeader header = readHeader(ciphertext);
        byte[] contextAad = context.toAad();
        DekMaterial material = resolve(header, context, contextAad);
        try {
            byte[] newHeader = wrapAgain(material, header, context, contextAad);
            int payload = ciphertext.length - header.length();
            byte[] out = new byte[newHeader.length + payload];
            System.arraycopy(newHeader, 0, out, 0, newHeader.length);
            System.arraycopy(ciphertext, header.length(), out, newHeader.length, payload);
            return out;
        } finally {
            material.release();
        }
    }

    /** {@link #rewrap(InputStream, OutputStream, EncryptionContext)} with the empty context. */
    public EnvelopeHeader rewrap(InputStream in, OutputStream out) throws IOException {
        return rewrap(in, out, EncryptionContext.empty());
    }

    /**
     * Streams a re-wrapped message: reads the header from {@code in}, writes the new header to
     * {@code out}, then copies the rest of {@code in} unchanged, in constant memory. Neither stream
     * is closed. Same checks as {@link #rewrap(byte[], EncryptionContext)}.
     *
     * @return the new header
     */
    public EnvelopeHeader rewrap(InputStream in, OutputStream out, EncryptionContext context) throws IOException {
        requireOpen();
        require(in, "input stream");
        require(out, "output stream");
        require(context, "encryption context");
        ParsedHeader header = HeaderCodec.read(in);
        byte[] contextAad = context.toAad();
        DekMaterial material = resolve(header, context, contextAad);
        byte[] newHeader;
        try {
            newHeader = wrapAgain(material, header, context, contextAad);
        } finally {
            material.release();
        }
        out.write(newHeader);
        in.transferTo(out);
        return EnvelopeHeader.parse(newHeader);
    }

    /**
     * Reads one header from {@code in} and authenticates it, without reading the payload: its data
     * key must unwrap under one of its KEKs (in the usual order) and its tag must verify under
     * {@code context}. Tools use it to check a re-wrapped file before dropping the original.
     *
     * @return the authenticated header; {@code in} is left at the first payload byte
     * @throws KmsException as {@link #decrypt} for header problems
     */
    public EnvelopeHeader verifyHeader(InputStream in, EncryptionContext context) throws IOException {
        requireOpen();
        require(in, "input stream");
        require(context, "encryption context");
        ParsedHeader header = HeaderCodec.read(in);
        resolve(header, context, context.toAad()).release();
        return EnvelopeHeader.of(header);
    }

    private byte[] wrapAgain(DekMaterial material, ParsedHeader header, EncryptionContext context, byte[] contextAad) {
        byte[] dek = material.copyDek();
        try {
            List<WrappedKey> entries = new ArrayList<>(keks.size());
            for (KeyRef kek : keks) {
                entries.add(kms.wrap(kek, dek, context));
            }
            return HeaderTag.seal(material, HeaderCodec.encodeUntagged(header.fixedFields(), entries), contextAad);
        } finally {
            Arrays.fill(dek, (byte) 0);
        }
    }

    // ---------------------------------------------------------------- data keys

    private static final class NewDek {
        final DekMaterial material;
        final byte[] header;

        NewDek(DekMaterial material, byte[] header) {
            this.material = material;
            this.header = header;
        }
    }

    /** Creates a data key under the first KEK, wraps it under the others, and seals the header. */
    private NewDek newDek(byte[] fixed, PayloadAlgorithm algorithm, int segment, EncryptionContext context,
                          byte[] contextAad) {
        byte[] dek = null;
        try (DataKey first = kms.createDek(keks.get(0), DekSpec.AES_256, context)) {
            dek = first.copyPlaintext();
            List<WrappedKey> entries = new ArrayList<>(keks.size());
            entries.add(first.wrapped());
            for (int i = 1; i < keks.size(); i++) {
                entries.add(kms.wrap(keks.get(i), dek, context));
            }
            byte[] untagged = HeaderCodec.encodeUntagged(fixed, entries);
            DekMaterial material = DekMaterial.derive(dek, algorithm, segment);
            return new NewDek(material, HeaderTag.seal(material, untagged, contextAad));
        } finally {
            if (dek != null) {
                Arrays.fill(dek, (byte) 0);
            }
        }
    }

    /**
     * Finds the message's data key: from the decryption cache, or by unwrapping its entries in
     * {@link UnwrapOrder} order until one succeeds. The header tag must verify under the key found;
     * otherwise the message is rejected without trying further entries (fail closed: an entry that
     * unwraps to the wrong key means the header was tampered with). The caller releases the result.
     */
    private DekMaterial resolve(ParsedHeader header, EncryptionContext context, byte[] contextAad) {
        BytesKey cacheKey = null;
        if (decryptCache != null) {
            cacheKey = BytesKey.of(header.bytesForKey(), header.length(), contextAad);
            CachedDek cached = decryptCache.acquire(cacheKey, 0);
            if (cached != null) {
                // The same header bytes were authenticated under the same context before, by this
                // envelope, so they also passed its KEK trust check below.
                return cached.material();
            }
            decryptCache.recordMiss();
        }
        List<WrappedKey> order = UnwrapOrder.allowed(UnwrapOrder.of(header.entries(), mayUnwrap), mayUnwrap, trustAnyKek);
        if (order.isEmpty()) {
            throw KmsException.builder(KmsErrorCode.PERMISSION_DENIED, "the message's KEKs "
                    + header.entries().stream().map(WrappedKey::kek).toList()
                    + " are not trusted by this envelope (trusted: " + mayUnwrap
                    + "); add them with kek(...) or trustKek(...), or use trustAnyKek()").build();
        }
        UnwrapFailures failures = new UnwrapFailures();
        for (WrappedKey entry : order) {
            DataKey unwrapped;
            try {
                unwrapped = kms.unwrap(entry, context);
            } catch (KmsException e) {
                failures.add(entry.kek(), e);
                continue;
            }
            DekMaterial material;
            byte[] dek = null;
            try (unwrapped) {
                dek = unwrapped.copyPlaintext();
                material = DekMaterial.derive(dek, header.algorithm(), header.segmentSize());
            } finally {
                if (dek != null) {
                    Arrays.fill(dek, (byte) 0);
                }
            }
            verified(material, header, contextAad);
            if (decryptCache != null) {
                decryptCache.put(cacheKey, new CachedDek(material, null, concat(header.fixedFields(), contextAad),
                        decryptCache.now()), 0);
            }
            return material;
        }
        throw failures.toException(header.entries().stream().map(WrappedKey::kek).toList());
    }

    private static DekMaterial verified(DekMaterial material, ParsedHeader header, byte[] contextAad) {
        if (!HeaderTag.verify(material, header, contextAad)) {
            material.release();
            throw Errors.integrity("header failed authentication: its wrapped keys or the encryption context do not "
                    + "belong to this message");
        }
        return material;
    }

    // ---------------------------------------------------------------- helpers

    private static ParsedHeader readHeader(byte[] message) {
        return HeaderCodec.parse(message);
    }

    private static KmsException unwrapIo(IOException e) {
        if (e.getCause() instanceof KmsException) {
            return (KmsException) e.getCause();
        }
        return Errors.internal("reading from memory failed", e);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("Envelope is closed");
        }
    }

    private static void require(Object value, String what) {
        if (value == null) {
            throw Errors.invalid(what + " must not be null");
        }
    }

    /** Empties both DEK caches; their keys are zeroed once no operation uses them. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (encryptCache != null) {
            encryptCache.clear();
            decryptCache.clear();
        }
    }

    @Override
    public String toString() {
        return "Envelope{keks=" + keks + ", cache=" + (cacheOptions == null ? "off" : cacheOptions)
                + ", segmentSize=" + segmentSize + (closed ? ", closed" : "") + "}";
    }

    /** Builds an {@link Envelope}; invalid settings fail at the setter or at {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final KmsManager kms;
        private final List<KeyRef> keks = new ArrayList<>();
        private final List<KeyRef> trusted = new ArrayList<>();
        private boolean trustAnyKek;
        private DekCacheOptions cacheOptions;
        private int segmentSize = DEFAULT_SEGMENT_SIZE;

        private Builder(KmsManager kms) {
            this.kms = Objects.requireNonNull(kms, "kms");
        }

        /**
         * Adds a KEK. Usually without a version (its current version is used and recorded); a
         * versioned reference pins that version.
         */
        public Builder kek(KeyRef kek) {
            require(kek, "KEK");
            keks.add(kek);
            return this;
        }

        /** Adds a KEK by URI, for example {@code local://orders}. */
        public Builder kek(String kekUri) {
            return kek(KeyRef.parse(kekUri));
        }

        /** Adds several KEKs, in order. */
        public Builder keks(List<KeyRef> more) {
            require(more, "KEKs");
            more.forEach(this::kek);
            return this;
        }

        /**
         * Lets decryption and re-wrapping unwrap with {@code kek} too, without encrypting new
         * messages under it: for example the old KEK while messages move to a new one. Without a
         * version it matches every version of that key.
         */
        public Builder trustKek(KeyRef kek) {
            require(kek, "trusted KEK");
            trusted.add(kek);
            return this;
        }

        /**
         * Lets decryption and re-wrapping unwrap with any KEK a message names, on any enabled
         * provider. For tools that process whatever a store holds (bulk re-wrap); applications
         * should name their KEKs instead, so a crafted message cannot steer them to another key.
         */
        public Builder trustAnyKek() {
            this.trustAnyKek = true;
            return this;
        }

        /** Turns the DEK cache on with these limits (off by default). */
        public Builder dekCache(DekCacheOptions options) {
            require(options, "DEK cache options");
            this.cacheOptions = options;
            return this;
        }

        /**
         * The streaming ciphertext segment size, {@value HeaderCodec#MIN_SEGMENT_SIZE} bytes to
         * 16 MiB (default 1 MiB). Decryption memory is about two segments.
         */
        public Builder segmentSize(int bytes) {
            if (bytes < HeaderCodec.MIN_SEGMENT_SIZE || bytes > HeaderCodec.MAX_SEGMENT_SIZE) {
                throw Errors.invalid("segment size must be " + HeaderCodec.MIN_SEGMENT_SIZE + " to "
                        + HeaderCodec.MAX_SEGMENT_SIZE + " bytes, got " + bytes);
            }
            this.segmentSize = bytes;
            return this;
        }

        /**
         * Builds the envelope.
         *
         * @throws KmsException INVALID_ARGUMENT without KEKs, with more than 16, or with duplicates
         */
        public Envelope build() {
            if (keks.isEmpty()) {
                throw Errors.invalid("an envelope needs at least one KEK");
            }
            if (keks.size() > HeaderCodec.MAX_ENTRIES) {
                throw Errors.invalid("an envelope takes at most " + HeaderCodec.MAX_ENTRIES + " KEKs");
            }
            Set<KeyRef> seen = new HashSet<>();
            for (KeyRef k : keks) {
                if (!seen.add(k.withoutVersion())) {
                    throw Errors.invalid("KEK " + k.withoutVersion() + " is configured twice");
                }
            }
            return new Envelope(this);
        }
    }
}
