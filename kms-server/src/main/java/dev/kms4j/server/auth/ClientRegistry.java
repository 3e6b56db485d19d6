package dev.kms4j.server.auth;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients the server accepts, and the administration that takes effect at once: revoking a
 * client's tokens issued before an instant, disabling and enabling a client.
 *
 * <p>{@link #authenticate(String, byte[])} does the same hash work for an unknown id, a disabled
 * client and a wrong secret, and answers only "yes" or "no", so callers learn nothing about which
 * ids exist.
 *
 * <p>Thread-safe. Holds secret hashes, never plaintext secrets.
 */
public final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private final Map<String, ClientRecord> clients = new ConcurrentHashMap<>();
    private final SecretHash unknownClientHash;

    private ClientRegistry(Collection<ClientRecord> records) {
        for (ClientRecord r : records) {
            if (clients.putIfAbsent(r.id(), r) != null) {
                throw new KmsException(KmsErrorCode.INVALID_ARGUMENT, "client '" + r.id() + "' is configured twice");
            }
        }
        this.unknownClientHash = records.isEmpty()
                ? SecretHash.parse(SecretHash.bcrypt("unused".toCharArray(), 10)).sameWork()
                : mostCommonWork(records).sameWork();
    }

    /**
     * The hash whose kind and cost most clients share (the first configured one on a tie): an
     * unknown id is checked against a dummy of that work, so it takes as long as those clients.
     * Clients with another kind or cost take a different time, and the time of an Authenticate
     * call can then tell their ids from unknown ones; that is logged as a WARN, once, at start.
     */
    private static SecretHash mostCommonWork(Collection<ClientRecord> records) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, SecretHash> examples = new LinkedHashMap<>();
        for (ClientRecord r : records) {
            String work = r.secretHash().workFactor();
            counts.merge(work, 1, Integer::sum);
            examples.putIfAbsent(work, r.secretHash());
        }
        String common = null;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (common == null || e.getValue() > counts.get(common)) {
                common = e.getKey();
            }
        }
        if (counts.size() > 1) {
            LOG.warn("{} of {} clients have secret hashes of another kind or cost than the most common one ({}): "
                            + "an unknown client id takes as long as that, so the time of an Authenticate call can tell "
                            + "those clients' ids from unknown ones. Give every client the same hash kind and cost.",
                    records.size() - counts.get(common), records.size(), common);
        }
        return examples.get(common);
    }

    /** The work factor of the dummy hash an unknown id is checked against; for tests. */
    String unknownClientWork() {
        return unknownClientHash.workFactor();
    }

    /** A registry of these clients (ids must be unique). */
    public static ClientRegistry of(Collection<ClientRecord> records) {
        return new ClientRegistry(records);
    }

    /**
     * Checks a client's secret (UTF-8; not kept, not changed).
     *
     * @return the client if the id exists, is enabled and the secret matches; otherwise empty
     */
    public Optional<ClientRecord> authenticate(String clientId, byte[] secret) {
        ClientRecord record = clientId == null ? null : clients.get(clientId);
        SecretHash hash = record == null ? unknownClientHash : record.secretHash();
        boolean ok = hash.matches(secret);
        if (record == null || !ok || !record.enabled()) {
            return Optional.empty();
        }
        return Optional.of(record);
    }

    /** Convenience for a secret held as a string (the gRPC request field); the bytes are zeroed after. */
    public Optional<ClientRecord> authenticate(String clientId, String secret) {
        byte[] bytes = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
        try {
            return authenticate(clientId, bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The client with this id, if configured. */
    public Optional<ClientRecord> find(String clientId) {
        return clientId == null ? Optional.empty() : Optional.ofNullable(clients.get(clientId));
    }

    /** A snapshot of all clients, in id order. */
    public Map<String, ClientRecord> snapshot() {
        Map<String, ClientRecord> copy = new LinkedHashMap<>();
        clients.keySet().stream().sorted().forEach(id -> copy.put(id, clients.get(id)));
        return copy;
    }

    /**
     * Rejects, from now on, every token of {@code clientId} issued before {@code before}.
     *
     * @throws KmsException {@link KmsErrorCode#NOT_FOUND} for an unknown client
     */
    public void revokeTokensIssuedBefore(String clientId, Instant before) {
        update(clientId, r -> r.withTokensNotBefore(before));
        LOG.info("tokens revoked: client={} issuedBefore={}", clientId, before);
    }

    /** Disables a client: it can no longer authenticate and its tokens are rejected. */
    public void disable(String clientId) {
        update(clientId, r -> r.withEnabled(false));
        LOG.info("client disabled: client={}", clientId);
    }

    /** Enables a client again (tokens revoked by time stay revoked). */
    public void enable(String clientId) {
        update(clientId, r -> r.withEnabled(true));
        LOG.info("client enabled: client={}", clientId);
    }

    private void update(String clientId, java.util.function.UnaryOperator<ClientRecord> change) {
        if (clientId == null || clients.computeIfPresent(clientId, (k, r) -> change.apply(r)) == null) {
            throw new KmsException(KmsErrorCode.NOT_FOUND, "no client '" + clientId + "'");
        }
    }

    @Override
    public String toString() {
        return "ClientRegistry[" + clients.size() + " clients]";
    }
}
