package dev.kms4j.server.http.internal;

import com.google.gson.JsonObject;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.envelope.store.DekEntry;
import dev.kms4j.envelope.store.EntityEncryptor;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four seed-002 endpoints over an {@link EntityEncryptor}, free of any transport:
 * <ul>
 *   <li>{@code POST /create_dek_for_thread {"thread_id"}} → {@code {"key_id", "wrapped"}};
 *       idempotent: a second call for the same thread returns the same key id and wrapped DEK;</li>
 *   <li>{@code POST /encrypt {"key_id", "plaintext"}} → {@code {"ciphertext"}};</li>
 *   <li>{@code POST /decrypt {"key_id", "ciphertext"}} → {@code {"plaintext"}};</li>
 *   <li>{@code GET /get_wrapped?key_id=} → {@code {"wrapped"}}.</li>
 * </ul>
 * The seed's protocol carries no associated data, so ciphertexts are bound to the thread (and DEK
 * generation) only. {@code wrapped} is {@link dev.kms4j.WrappedKey#toBytes()}: opaque to clients.
 *
 * <p>Decoded plaintext and ciphertext arrays are zeroed before returning; the request body is the
 * caller's to zero. Logs name the endpoint and key id only, never a body field. Thread-safe.
 */
public final class Seed002Endpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Seed002Endpoints.class);

    private static final String CREATE = "/create_dek_for_thread";
    private static final String ENCRYPT = "/encrypt";
    private static final String DECRYPT = "/decrypt";
    private static final String GET_WRAPPED = "/get_wrapped";

    private final EntityEncryptor encryptor;

    /** Serves the endpoints over {@code encryptor}. */
    public Seed002Endpoints(EntityEncryptor encryptor) {
        this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    }

    /** The path part of {@code uri} (no query), as routed. */
    public static String pathOf(String uri) {
        try {
            return new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            return "(malformed)"; // handle() answers 400 for it
        }
    }

    /**
     * Answers one request. Never throws for a bad request: every failure becomes an error answer.
     *
     * @param body the request body; the caller keeps and zeroes it
     */
    public EndpointResponse handle(String method, String uri, byte[] body) {
        String path;
        Map<String, List<String>> parameters;
        try {
            // QueryStringDecoder decodes lazily: force both parts here, where a bad %-escape is a 400.
            QueryStringDecoder query = new QueryStringDecoder(uri);
            path = query.path();
            parameters = query.parameters();
        } catch (IllegalArgumentException e) {
            return ErrorResponses.of(KmsErrorCode.INVALID_ARGUMENT, "the request URI is malformed");
        }
        try {
            switch (path) {
                case CREATE:
                    return "POST".equals(method) ? create(body) : ErrorResponses.methodNotAllowed(method, path, "POST");
                case ENCRYPT:
                    return "POST".equals(method) ? encrypt(body) : ErrorResponses.methodNotAllowed(method, path, "POST");
                case DECRYPT:
                    return "POST".equals(method) ? decrypt(body) : ErrorResponses.methodNotAllowed(method, path, "POST");
                case GET_WRAPPED:
                    return "GET".equals(method) ? getWrapped(parameters)
                            : ErrorResponses.methodNotAllowed(method, path, "GET");
                default:
                    return ErrorResponses.of(KmsErrorCode.NOT_FOUND, "no endpoint at this path; the endpoints are "
                            + CREATE + ", " + ENCRYPT + ", " + DECRYPT + " and " + GET_WRAPPED);
            }
        } catch (KmsException e) {
            if (e.code() == KmsErrorCode.INTERNAL) {
                LOG.warn("{} {} failed with an internal error", method, path, e);
            } else {
                LOG.debug("{} {} failed: {}", method, path, e.code());
            }
            return ErrorResponses.of(e);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed unexpectedly", method, path, e);
            return ErrorResponses.internal();
        }
    }

    private EndpointResponse create(byte[] body) {
        String threadId = JsonBodies.requireString(JsonBodies.parseObject(body), "thread_id");
        String keyId = KeyIds.forThread(threadId);
        DekEntry entry = encryptor.createDekFor(threadId);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key_id", keyId);
        fields.put("wrapped", java.util.Base64.getEncoder().encodeToString(entry.wrapped().toBytes()));
        LOG.debug("create_dek_for_thread: {}", keyId);
        return EndpointResponse.ok(JsonBodies.object(fields));
    }

    private EndpointResponse encrypt(byte[] body) {
        JsonObject request = JsonBodies.parseObject(body);
        String threadId = KeyIds.threadOf(JsonBodies.requireString(request, "key_id"));
        byte[] plaintext = JsonBodies.requireBase64(request, "plaintext");
        byte[] ciphertext = null;
        try {
            ciphertext = encryptor.encryptFor(threadId, plaintext, null);
            return EndpointResponse.ok(JsonBodies.base64Object("ciphertext", ciphertext));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
            zero(ciphertext);
        }
    }

    private EndpointResponse decrypt(byte[] body) {
        JsonObject request = JsonBodies.parseObject(body);
        String threadId = KeyIds.threadOf(JsonBodies.requireString(request, "key_id"));
        byte[] ciphertext = JsonBodies.requireBase64(request, "ciphertext");
        byte[] plaintext = null;
        try {
            plaintext = encryptor.decryptFor(threadId, ciphertext, null);
            return EndpointResponse.ok(JsonBodies.base64Object("plaintext", plaintext));
        } finally {
            Arrays.fill(ciphertext, (byte) 0);
            zero(plaintext);
        }
    }

    private EndpointResponse getWrapped(Map<String, List<String>> parameters) {
        List<String> keyIds = parameters.get("key_id");
        if (keyIds == null || keyIds.size() != 1) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "exactly one query parameter 'key_id' is required");
        }
        String threadId = KeyIds.threadOf(keyIds.get(0));
        return EndpointResponse.ok(JsonBodies.base64Object("wrapped", encryptor.wrappedFor(threadId).toBytes()));
    }

    private static void zero(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
