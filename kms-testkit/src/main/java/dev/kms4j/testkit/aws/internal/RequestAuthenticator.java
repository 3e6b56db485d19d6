package dev.kms4j.testkit.aws.internal;

import dev.kms4j.testkit.internal.FakeHttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the AWS Signature Version 4 {@code Authorization} header of a request: that it names
 * the configured access key id and, optionally, that the signature recomputed with the secret
 * key matches (constant-time comparison).
 *
 * <p>Hand-written because the SDK's signer is optional on the testkit's class path and the
 * fake must also serve non-Java clients when started by {@code kms fakes}.
 *
 * <p>Immutable and thread-safe. The secret access key is held only to recompute signatures and
 * is never printed.
 */
public final class RequestAuthenticator {
    private static final String SCHEME = "AWS4-HMAC-SHA256";

    private final String accessKeyId;
    private final byte[] secretAccessKey;
    private final boolean checkSignature;

    public RequestAuthenticator(String accessKeyId, String secretAccessKey, boolean checkSignature) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey.getBytes(StandardCharsets.UTF_8);
        this.checkSignature = checkSignature;
    }

    /** Throws the error AWS answers if the request is not authenticated. */
    public void check(FakeHttpRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.startsWith(SCHEME + " ")) {
            throw new AwsError("MissingAuthenticationTokenException", 400, "Missing Authentication Token");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : auth.substring(SCHEME.length() + 1).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                credential = p.substring(11);
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaders = p.substring(14);
            } else if (p.startsWith("Signature=")) {
                signature = p.substring(10);
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            throw new AwsError("IncompleteSignatureException", 400, "Authorization header is incomplete");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !MessageDigest.isEqual(scope[0].getBytes(StandardCharsets.UTF_8),
                accessKeyId.getBytes(StandardCharsets.UTF_8))) {
            throw new AwsError("UnrecognizedClientException", 400,
                    "The security token included in the request is invalid.");
        }
        if (!checkSignature) {
            return;
        }
        String expected = computeSignature(request, scope, signedHeaders);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw new AwsError("InvalidSignatureException", 400, "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
    }

    private String computeSignature(FakeHttpRequest request, String[] scope, String signedHeaders) {
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw new AwsError("IncompleteSignatureException", 400, "Missing X-Amz-Date");
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method()).append('\n');
        int q = request.path().indexOf('?');
        canonical.append(q < 0 ? request.path() : request.path().substring(0, q)).append('\n');
        canonical.append(q < 0 ? "" : request.path().substring(q + 1)).append('\n');
        for (String name : signedHeaders.split(";")) {
            List<String> values = new ArrayList<>();
            for (String v : request.headerValues(name)) {
                values.add(v.trim().replaceAll(" +", " "));
            }
            canonical.append(name).append(':').append(String.join(",", values)).append('\n');
        }
        canonical.append('\n').append(signedHeaders).append('\n');
        String payloadHash = request.header("x-amz-content-sha256");
        canonical.append(payloadHash != null ? payloadHash : hex(sha256(request.body())));
        String stringToSign = SCHEME + '\n' + amzDate + '\n'
                + String.join("/", scope[1], scope[2], scope[3], scope[4]) + '\n'
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] kSecret = ("AWS4" + new String(secretAccessKey, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        byte[] k = hmac(kSecret, scope[1]);
        k = hmac(k, scope[2]);
        k = hmac(k, scope[3]);
        k = hmac(k, scope[4]);
        return hex(hmac(k, stringToSign));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
