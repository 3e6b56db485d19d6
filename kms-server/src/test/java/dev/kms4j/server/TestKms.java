package dev.kms4j.server;

import dev.kms4j.CallerContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KeySpec;
import dev.kms4j.KmsManager;
import dev.kms4j.KmsOperation;
import dev.kms4j.ProviderConfig;
import dev.kms4j.policy.KeyAccessPolicy;
import dev.kms4j.server.auth.ServerPrincipal;
import dev.kms4j.server.auth.TokenKeyGuard;
import java.util.EnumSet;
import java.util.Map;

/** An in-memory local KMS with a token key, a signing key and a policy: role "signer" may sign local://app-*. */
final class TestKms {
    static final KeyRef TOKEN_KEY = KeyRef.parse("local://kms4j-token");
    static final KeyRef APP_KEY = KeyRef.parse("local://app-signing");
    static final KeyRef OTHER_KEY = KeyRef.parse("local://other-signing");

    private TestKms() {
    }

    static KmsManager create() {
        KeyAccessPolicy policy = KeyAccessPolicy.builder()
                .allow("role:signer", EnumSet.of(KmsOperation.SIGN), "local://app-*")
                .allow("role:admin", EnumSet.allOf(KmsOperation.class), "**")
                .allow("principal:" + ServerPrincipal.NAME,
                        EnumSet.of(KmsOperation.SIGN, KmsOperation.GET_PUBLIC_KEY, KmsOperation.METADATA,
                                KmsOperation.CREATE_KEY, KmsOperation.ROTATE), "**")
                .build();
        KmsManager kms = KmsManager.builder()
                .enable("local", ProviderConfig.of(Map.of("path", ":memory:")))
                .decorate(policy.asDecorator())
                .decorate(new TokenKeyGuard(TOKEN_KEY))
                .build();
        try (CallerContext.Scope s = CallerContext.open(ServerPrincipal.CALLER)) {
            kms.createKey(TOKEN_KEY, KeySpec.EC_P256);
            kms.createKey(APP_KEY, KeySpec.EC_P256);
            kms.createKey(OTHER_KEY, KeySpec.EC_P256);
        }
        return kms;
    }
}
