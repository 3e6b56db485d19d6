package dev.kms4j.policy;

import dev.kms4j.Caller;
import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import dev.kms4j.ProviderConfig;
import dev.kms4j.internal.policy.AccessPolicyProvider;
import dev.kms4j.internal.policy.Glob;
import dev.kms4j.spi.KmsProvider;
import dev.kms4j.spi.ProviderDecorator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which caller may do which operation on which keys: the key scoping and roles of a central key
 * service, evaluated by kms4j before each call. Register it with
 * {@code KmsManager.builder().decorate(policy.asDecorator())}; the caller comes from
 * {@link dev.kms4j.CallerContext}.
 *
 * <p>A policy is a list of rules, each: an effect ({@link Effect#ALLOW} or {@link Effect#DENY}),
 * a subject, a set of operations and a key pattern. A call is allowed when at least one ALLOW rule
 * matches it and no DENY rule does: <b>deny wins</b>, and <b>anything no rule allows is denied</b>
 * (a principal with no rule at all can do nothing). A denied call fails with
 * {@link KmsErrorCode#PERMISSION_DENIED} naming the principal, operation and key, and never reaches
 * the cache or the provider.
 *
 * <ul>
 *   <li>Subject: {@code principal:GLOB} (the caller's principal), {@code role:GLOB} (any of the
 *       caller's roles), or {@code anonymous}, which alone matches calls made without a caller
 *       context. In subject globs {@code *} matches anything.</li>
 *   <li>Key pattern: a glob over the key URI without version ({@code local://payments-*},
 *       {@code aws-kms://arn:aws:kms:eu-west-1:111122223333:key/*}, {@code **} for every key):
 *       {@code *} and {@code ?} do not cross {@code /}, {@code **} does. An operation on a version
 *       is checked against its key. {@code unwrap} is checked against the KEK recorded in the
 *       wrapped key. {@code listKeys} is checked against the prefix listed
 *       ({@code local://} matches {@code local://*}), and keys the caller may not list are left
 *       out of the answer.</li>
 * </ul>
 *
 * <p>Text form ({@link #parse(String)}): one rule per line, {@code #} starts a comment:
 * <pre>
 * # effect  subject                operations          key pattern
 * allow     principal:svc-billing  sign,verify         local://billing-*
 * allow     role:key-admin         *                   **
 * deny      role:contractor        decrypt,unwrap      **
 * allow     anonymous              verify,getPublicKey local://public-*
 * </pre>
 * Operations are {@link KmsOperation} names in either spelling ({@code createDek} or
 * {@code CREATE_DEK}), comma-separated, or {@code *} for all.
 *
 * <p>Immutable and thread-safe. Holds no secrets.
 */
public final class KeyAccessPolicy {
    private final List<Rule> rules;

    private KeyAccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the text form (see the class comment).
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} naming the first bad line
     */
    public static KeyAccessPolicy parse(String text) {
        if (text == null) {
            throw invalid("policy text must not be null");
        }
        Builder b = builder();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 4) {
                throw invalid("policy line " + (i + 1) + ": expected 'allow|deny SUBJECT OPERATIONS KEY-PATTERN'");
            }
            try {
                b.rule(Effect.parse(f[0]), f[1], operations(f[2]), f[3]);
            } catch (KmsException e) {
                throw invalid("policy line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    /**
     * Reads the text form from a UTF-8 file.
     *
     * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the file cannot be read or a
     *     line is bad
     */
    public static KeyAccessPolicy load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KmsException(KmsErrorCode.INVALID_ARGUMENT,
                    "cannot read key access policy " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Set<KmsOperation> operations(String list) {
        if (list.equals("*")) {
            return EnumSet.allOf(KmsOperation.class);
        }
        Set<KmsOperation> ops = EnumSet.noneOf(KmsOperation.class);
        for (String name : list.split(",")) {
            ops.add(KmsOperation.parse(name));
        }
        return ops;
    }

    /** The rules, in the order given. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * Whether {@code caller} may do {@code operation} on the key (or listing prefix) {@code keyUri}.
     *
     * @param caller the caller, or {@code null} for a call without a caller context
     * @param keyUri the key URI without version, or for {@link KmsOperation#LIST_KEYS} the prefix
     */
    public boolean isAllowed(Caller caller, KmsOperation operation, String keyUri) {
        boolean allowed = false;
        for (Rule rule : rules) {
            if (rule.matches(caller, operation, keyUri)) {
                if (rule.effect == Effect.DENY) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /** This policy as the {@link ProviderDecorator.Stage#ACCESS_POLICY} decorator, for every provider. */
    public ProviderDecorator asDecorator() {
        KeyAccessPolicy policy = this;
        return new ProviderDecorator() {
            @Override
            public Stage stage() {
                return Stage.ACCESS_POLICY;
            }

            @Override
            public KmsProvider decorate(KmsProvider provider, ProviderConfig config) {
                return new AccessPolicyProvider(provider, policy);
            }

            @Override
            public String toString() {
                return "KeyAccessPolicy decorator (" + rules.size() + " rules)";
            }
        };
    }

    @Override
    public String toString() {
        return "KeyAccessPolicy" + rules;
    }

    private static KmsException invalid(String message) {
        return new KmsException(KmsErrorCode.INVALID_ARGUMENT, message);
    }

    /** What a matching rule decides. */
    public enum Effect {
        /** The call may go ahead, unless a DENY rule matches too. */
        ALLOW,
        /** The call is refused, whatever else matches. */
        DENY;

        static Effect parse(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid("expected allow or deny, found '" + s + "'");
            }
        }
    }

    /** One rule. Immutable and thread-safe. */
    public static final class Rule {
        private static final String PRINCIPAL = "principal:";
        private static final String ROLE = "role:";
        private static final String ANONYMOUS = "anonymous";

        private final Effect effect;
        private final String subject;
        private final Set<KmsOperation> operations;
        private final String keyPattern;
        private final Glob subjectGlob;
        private final boolean role;
        private final boolean anonymous;
        private final Glob keyGlob;

        private Rule(Effect effect, String subject, Set<KmsOperation> operations, String keyPattern) {
            if (effect == null || subject == null || operations == null || keyPattern == null) {
                throw invalid("a rule needs an effect, a subject, operations and a key pattern");
            }
            if (operations.isEmpty()) {
                throw invalid("a rule needs at least one operation");
            }
            if (keyPattern.isEmpty()) {
                throw invalid("a rule needs a key pattern ('**' for every key)");
            }
            this.effect = effect;
            this.subject = subject;
            this.operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
            this.keyPattern = keyPattern;
            this.keyGlob = Glob.compile(keyPattern, true);
            if (subject.equals(ANONYMOUS)) {
                this.anonymous = true;
                this.role = false;
                this.subjectGlob = null;
            } else if (subject.startsWith(PRINCIPAL) && subject.length() > PRINCIPAL.length()) {
                this.anonymous = false;
                this.role = false;
                this.subjectGlob = Glob.compile(subject.substring(PRINCIPAL.length()), false);
            } else if (subject.startsWith(ROLE) && subject.length() > ROLE.length()) {
                this.anonymous = false;
                this.role = true;
                this.subjectGlob = Glob.compile(subject.substring(ROLE.length()), false);
            } else {
                throw invalid("subject '" + subject + "' must be principal:NAME, role:NAME or anonymous");
            }
        }

        /** ALLOW or DENY. */
        public Effect effect() {
            return effect;
        }

        /** {@code principal:GLOB}, {@code role:GLOB} or {@code anonymous}. */
        public String subject() {
            return subject;
        }

        /** The operations this rule covers. */
        public Set<KmsOperation> operations() {
            return operations;
        }

        /** The key URI glob. */
        public String keyPattern() {
            return keyPattern;
        }

        boolean matches(Caller caller, KmsOperation operation, String keyUri) {
            if (!operations.contains(operation) || !subjectMatches(caller)) {
                return false;
            }
            return keyGlob.matches(keyUri);
        }

        private boolean subjectMatches(Caller caller) {
            if (caller == null) {
                return anonymous;
            }
            if (anonymous) {
                return false;
            }
            if (!role) {
                return subjectGlob.matches(caller.principal());
            }
            for (String r : caller.roles()) {
                if (subjectGlob.matches(r)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return effect.name().toLowerCase(Locale.ROOT) + " " + subject + " " + operations + " " + keyPattern;
        }
    }

    /** Builds a {@link KeyAccessPolicy}; a bad rule fails when added. Not thread-safe. */
    public static final class Builder {
        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /** Adds an ALLOW rule. */
        public Builder allow(String subject, Set<KmsOperation> operations, String keyPattern) {
            return rule(Effect.ALLOW, subject, operations, keyPattern);
        }

        /** Adds a DENY rule. */
        public Builder deny(String subject, Set<KmsOperation> operations, String keyPattern) {
            return rule(Effect.DENY, subject, operations, keyPattern);
        }

        /**
         * Adds a rule.
         *
         * @throws KmsException {@link KmsErrorCode#INVALID_ARGUMENT} if the subject is not
         *     {@code principal:NAME}, {@code role:NAME} or {@code anonymous}, or a part is missing
         */
        public Builder rule(Effect effect, String subject, Set<KmsOperation> operations, String keyPattern) {
            rules.add(new Rule(effect, subject, operations, keyPattern));
            return this;
        }

        /** Builds the policy (an empty policy denies everything). */
        public KeyAccessPolicy build() {
            return new KeyAccessPolicy(rules);
        }
    }
}
