package dev.kms4j.cli;

import dev.kms4j.KmsManager;
import dev.kms4j.ProviderConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kms demo}: the whole kms4j flow on the local provider in a throwaway keystore, told as
 * a story. It ignores {@code --keystore} and the master-key environment: the keystore is a fresh
 * temporary directory with a generated master key, deleted at the end even on failure.
 * Runs once; not thread-safe.
 */
@Command(name = "demo",
        description = {"Show kms4j at work, in a throwaway keystore (takes seconds).",
            "Creates keys, signs and verifies, encrypts and decrypts, wraps a data key, rotates, shows the"
                + " metadata and what a tampered ciphertext does. The temporary keystore is deleted at the end;"
                + " --keystore is not used."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KmsCli root = (KmsCli) spec.root().userObject();
        PrintWriter out = root.io().out();
        long start = System.nanoTime();
        try (TempDirectory temp = TempDirectory.create("kms4j-demo-")) {
            Path keystore = temp.path().resolve("keystore");
            out.println("kms4j demo: the whole flow on the local provider, in a throwaway keystore");
            out.println("   keystore: " + keystore + " (master key generated for this run; deleted at the end)");
            out.flush();
            try (KmsManager kms = open(keystore)) {
                new DemoStory(kms, out).run();
            }
        }
        out.println();
        out.println(String.format(Locale.ROOT, "Done in %.1f s; the demo keystore has been deleted.",
                (System.nanoTime() - start) / 1e9));
        out.println("Next: kms keys create my-key --spec ec-p256, then kms --help");
        return ExitCodes.OK;
    }

    /** Fixed, empty system properties and environment: the user's master key must not leak in. */
    private static KmsManager open(Path keystore) {
        ProviderConfig config = ProviderConfig.builder()
                .set("path", keystore.toString())
                .set("generate-master-key", "true")
                .systemProperties(new Properties())
                .environment(Map.of())
                .build();
        return KmsManager.builder().enable(KeyArgs.DEFAULT_SCHEME, config).build();
    }
}
