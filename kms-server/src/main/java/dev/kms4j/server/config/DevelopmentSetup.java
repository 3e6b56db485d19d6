package dev.kms4j.server.config;

import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import dev.kms4j.server.auth.SecretHash;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.tls.DevelopmentCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a working development set-up for the server into one directory ({@code kms server init}):
 * a local CA and server and client certificates ({@code pki/}), a local keystore with a random
 * master key in an owner-only file ({@code keystore/}, {@code secrets/master.key}), the
 * token-signing key in it, one client with a random secret (only its bcrypt hash goes into the
 * config; the secret itself is written once to {@code secrets/client-secret}, 0600), a Unix socket
 * path ({@code run/kms.sock}), an {@code admin} role, an audit file, the seed-002 HTTP endpoints
 * on the Unix socket {@code run/kms-http.sock} with their KEK {@value #DEK_KEK} (AES-256, in the
 * keystore), their DEK store ({@code dek-store/}, 0700) and a least-privilege role
 * {@value #HTTP_ROLE} for the socket's callers, and the config {@code kms4j-server.yaml} tying them
 * together.
 *
 * <p>For development only: the master key and the CA key sit next to what they protect. Every
 * secret file is created 0600 and every directory 0700; nothing secret is logged or returned
 * except the path of the secret file. Not thread-safe; run once per directory.
 */
public final class DevelopmentSetup {
    /** The config file name written into the directory. */
    public static final String CONFIG_FILE = "kms4j-server.yaml";
    /** The client written into the config. */
    public static final String CLIENT_ID = "dev-client";
    /** The token-signing key created in the keystore. */
    public static final String TOKEN_KEY = "local://kms4j-token-signing";
    /** The KEK of the seed-002 HTTP endpoints' DEKs, created in the keystore. */
    public static final String DEK_KEK = "local://kms4j-dek-kek";
    /** The role of callers on the HTTP Unix socket: only createDek and unwrap on {@link #DEK_KEK}. */
    public static final String HTTP_ROLE = "seed002-http";

    private static final SecureRandom RANDOM = new SecureRandom();

    private DevelopmentSetup() {
    }

    /** What was written: the config file and the file holding the client's secret. */
    public record Result(Path config, Path clientSecretFile, String clientId, Path unixSocket, int tcpPort,
            Path httpUnixSocket) {
    }

    /**
     * Writes the set-up into {@code dir} (created if absent).
     *
     * @throws KmsException {@link KmsErrorCode#ALREADY_EXISTS} if {@code dir} already holds a config,
     *     {@link KmsErrorCode#INVALID_ARGUMENT} if a file cannot be written
     */
    public static Result write(Path dir, int tcpPort) {
        Path root = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(root.resolve(CONFIG_FILE), LinkOption.NOFOLLOW_LINKS)) {
                throw new KmsException(KmsErrorCode.ALREADY_EXISTS,
                        root.resolve(CONFIG_FILE) + " exists already; choose an empty directory");
            }
            ownerOnlyDirectory(root);
            Path pki = ownerOnlyDirectory(root.resolve("pki"));
            Path secrets = ownerOnlyDirectory(root.resolve("secrets"));
            Path run = ownerOnlyDirectory(root.resolve("run"));
            Path audit = ownerOnlyDirectory(root.resolve("audit"));
            Path keystore = root.resolve("keystore");
            Path dekStore = ownerOnlyDirectory(root.resolve("dek-store"));

            DevelopmentCertificates ca = DevelopmentCertificates.newAuthority("kms4j development CA", Duration.ofDays(365));
            ca.writeAuthority(pki.resolve("ca.pem"));
            ca.writeAuthorityKey(pki.resolve("ca-key.pem"));
            DevelopmentCertificates.Issued server = ca.issueServer("localhost", List.of("localhost"), List.of("127.0.0.1"));
            server.writeCertificate(pki.resolve("server.pem"));
            server.writePrivateKey(pki.resolve("server-key.pem"));
            DevelopmentCertificates.Issued client = ca.issueClient(CLIENT_ID);
            client.writeCertificate(pki.resolve(CLIENT_ID + ".pem"));
            client.writePrivateKey(pki.resolve(CLIENT_ID + "-key.pem"));

            Path masterKey = secrets.resolve("master.key");
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            try {
                writeSecret(masterKey, Base64.getEncoder().encodeToString(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
            Map<String, String> local = Map.of("path", keystore.toString(), "master-key-file", masterKey.toString());
            try (KmsManager kms = KmsManager.builder().enable("local", ProviderConfig.of(local)).build();
                    CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
                kms.createKey(KeyRef.parse(TOKEN_KEY), KeySpec.EC_P256);
                kms.createKey(KeyRef.parse(DEK_KEK), KeySpec.AES_256);
            }

            byte[] secretBytes = new byte[32];
            RANDOM.nextBytes(secretBytes);
            char[] secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes).toCharArray();
            Arrays.fill(secretBytes, (byte) 0);
            String hash;
            Path secretFile = secrets.resolve("client-secret");
            try {
                hash = SecretHash.bcrypt(secret, 12);
                writeSecret(secretFile, new String(secret));
            } finally {
                Arrays.fill(secret, '\0');
            }

            Path socket = run.resolve("kms.sock");
            Path httpSocket = run.resolve("kms-http.sock");
            String yaml = config(root, pki, socket, hash, keystore, masterKey, audit.resolve("audit.log"), tcpPort)
                    + httpConfig(httpSocket, dekStore);
            Path config = root.resolve(CONFIG_FILE);
            writeSecret(config, yaml);
            return new Result(config, secretFile, CLIENT_ID, socket, tcpPort, httpSocket);
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "cannot write the development set-up into " + root + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String config(Path root, Path pki, Path socket, String hash, Path keystore, Path masterKey,
            Path auditFile, int tcpPort) {
        return "# kms4j server: development configuration written by 'kms server init'.\n"
                + "# NOT for production: the CA key and the keystore's master key live in this directory.\n"
                + "listeners:\n"
                + "  tcp:\n"
                + "    host: 127.0.0.1\n"
                + "    port: " + tcpPort + "\n"
                + "  unix-socket:\n"
                + "    path: " + quote(socket) + "\n"
                + "tls:\n"
                + "  cert: " + quote(pki.resolve("server.pem")) + "\n"
                + "  key: " + quote(pki.resolve("server-key.pem")) + "\n"
                + "  client-ca: " + quote(pki.resolve("ca.pem")) + "\n"
                + "  require-client-cert: true\n"
                + "  bind-cn-to-client-id: true\n"
                + "auth:\n"
                + "  token-key: " + TOKEN_KEY + "\n"
                + "  token-ttl: 15m\n"
                + "  issuer: kms4j-dev\n"
                + "  audience: kms4j\n"
                + "clients:\n"
                + "  - id: " + CLIENT_ID + "\n"
                + "    # bcrypt of the secret in " + quote(root.resolve("secrets/client-secret")) + "\n"
                + "    secret-hash: '" + hash + "'\n"
                + "    roles: [admin]\n"
                + "    rate-limit: {permits: 1000, period: 1s}\n"
                + "roles:\n"
                + "  admin:\n"
                + "    - allow * **\n"
                + "  # Callers on the HTTP Unix socket (principal uid:<n>): DEKs under the HTTP KEK, nothing else.\n"
                + "  " + HTTP_ROLE + ":\n"
                + "    - allow createDek,unwrap " + DEK_KEK + "\n"
                + "providers:\n"
                + "  local:\n"
                + "    path: " + quote(keystore) + "\n"
                + "    master-key-file: " + quote(masterKey) + "\n"
                + "audit:\n"
                + "  file: " + quote(auditFile) + "\n"
                + "shutdown:\n"
                + "  grace-period: 30s\n";
    }

    /** The seed-002 HTTP endpoints on their own Unix socket (add tcp: for mutual TLS on TCP). */
    private static String httpConfig(Path httpSocket, Path dekStore) {
        return "http:\n"
                + "  unix-socket:\n"
                + "    path: " + quote(httpSocket) + "\n"
                + "    roles: [" + HTTP_ROLE + "]\n"
                + "  kek: " + DEK_KEK + "\n"
                + "  dek-store: " + quote(dekStore) + "\n";
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "''") + "'";
    }

    private static Path ownerOnlyDirectory(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    private static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
