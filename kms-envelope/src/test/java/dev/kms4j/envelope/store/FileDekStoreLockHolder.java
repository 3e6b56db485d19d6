package dev.kms4j.envelope.store;

import java.nio.file.Path;

/**
 * A child process for {@link FileDekStoreCrossProcessLockTest}: opens the store given as the only
 * argument, prints {@code READY}, and holds it until killed (at most a minute).
 */
public final class FileDekStoreLockHolder {
    private FileDekStoreLockHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (FileDekStore store = FileDekStore.open(Path.of(args[0]))) {
            System.out.println("READY");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
