package dev.kms4j.cli;

import dev.kms4j.EncryptionContext;
import dev.kms4j.KeyRef;
import dev.kms4j.KmsException;
import dev.kms4j.KmsManager;
import dev.kms4j.envelope.Envelope;
import dev.kms4j.envelope.EnvelopeHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kms rewrap --to KEK... PATH...}: re-wraps the data keys of envelope files (and of every
 * envelope file under directories) to the given KEKs' current versions, rewriting only headers.
 *
 * <p>Per file, crash-safe: the new file is written to a temporary sibling and verified (its header
 * authenticates with the new KEKs and its payload is byte-identical to the original's); then the
 * original is renamed to {@code FILE.kms4j-bak}, the temporary file renamed to {@code FILE}, the
 * directory fsynced, {@code FILE}'s header verified again, and only then the backup deleted. A
 * rerun after a crash first restores any leftover backup over its file (the backup is always the
 * verified original), deletes leftover temporary files, and skips files already wrapped under
 * exactly the target KEK versions. {@code --dry-run} only reads headers (no key access) and
 * reports which files use which KEK versions. Progress goes to stderr. Runs once; not thread-safe.
 */
@Command(name = "rewrap",
        description = {"Re-wrap envelope files to new KEK(s) or versions, rewriting only their headers.",
            "Each file keeps a backup (FILE.kms4j-bak) until the rewritten file is verified; rerun after a",
            "crash to finish. Files already at the target versions are skipped; other files are left alone."})
final class RewrapCommand extends KeystoreCommand {
    static final String BACKUP_SUFFIX = ".kms4j-bak";
    static final String TEMP_SUFFIX = ".kms4j-tmp";

    @Option(names = "--to", paramLabel = "KEK", required = true,
            description = "Target KEK (current version is used); repeatable for several KEKs.")
    List<String> to = new ArrayList<>();

    @Option(names = "--context", paramLabel = "NAME=VALUE",
            description = "The encryption context the files were encrypted with; repeatable.")
    Map<String, String> context = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Only report which files use which KEK versions; change nothing.")
    boolean dryRun;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PATH", description = "Files or directories (recursive).")
    List<Path> paths = new ArrayList<>();

    @Override
    protected int run(KmsManager kms) throws IOException {
        List<Path> files = collect();
        PrintWriter err = io().err();
        PrintWriter out = io().out();
        if (dryRun) {
            return dryRun(files, out);
        }
        List<KeyRef> targets = new ArrayList<>();
        for (String t : to) {
            targets.add(kms.metadata(KeyArgs.parse(t)).currentRef());
        }
        // An operator tool over whatever the files hold: it may unwrap with any KEK they name.
        Envelope envelope = Envelope.builder(kms).keks(targets).trustAnyKek().build();
        EncryptionContext ctx = EncryptionContext.of(context);
        int rewrapped = 0;
        int skipped = 0;
        int failed = 0;
        int firstFailureCode = ExitCodes.OK;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String progress = "[" + (i + 1) + "/" + files.size() + "] " + file;
            try {
                recover(file, err);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                EnvelopeHeader header = readHeader(file);
                if (header == null) {
                    err.println("rewrap: " + progress + ": not an envelope message, left alone");
                    skipped++;
                } else if (header.keks().equals(targets)) {
                    err.println("rewrap: " + progress + ": already at " + describe(targets) + ", skipped");
                    skipped++;
                } else {
                    rewrap(envelope, ctx, file, header);
                    err.println("rewrap: " + progress + ": " + describe(header.keks()) + " -> " + describe(targets));
                    rewrapped++;
                }
            } catch (KmsException e) {
                err.println("rewrap: " + progress + ": failed: " + e.code() + ": " + e.getMessage());
                failed++;
                firstFailureCode = firstFailureCode == ExitCodes.OK ? ExitCodes.of(e.code()) : firstFailureCode;
            } catch (IOException | UncheckedIOException e) {
                err.println("rewrap: " + progress + ": failed: I/O: " + e.getMessage());
                failed++;
                firstFailureCode = firstFailureCode == ExitCodes.OK ? ExitCodes.INTERNAL : firstFailureCode;
            }
        }
        out.println("rewrapped " + rewrapped + ", skipped " + skipped + ", failed " + failed);
        out.flush();
        return firstFailureCode;
    }

    private int dryRun(List<Path> files, PrintWriter out) throws IOException {
        Map<String, List<Path>> byKek = new TreeMap<>();
        List<Path> other = new ArrayList<>();
        for (Path file : files) {
            Path source = Files.exists(backupOf(file)) ? backupOf(file) : file;
            EnvelopeHeader header;
            try {
                header = readHeader(source);
            } catch (KmsException e) {
                header = null;
            }
            if (header == null) {
                other.add(file);
                continue;
            }
            out.println(file + "  " + describe(header.keks()) + (source == file ? "" : "  (backup pending: will be restored)"));
            for (KeyRef kek : header.keks()) {
                byKek.computeIfAbsent(kek.toUri(), k -> new ArrayList<>()).add(file);
            }
        }
        out.println();
        for (Map.Entry<String, List<Path>> e : byKek.entrySet()) {
            out.println(e.getKey() + ": " + e.getValue().size() + " file(s)");
        }
        if (!other.isEmpty()) {
            out.println("not envelope messages: " + other.size() + " file(s)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String describe(List<KeyRef> keks) {
        return keks.stream().map(KeyRef::toUri).collect(Collectors.joining(", "));
    }

    /** Every regular file under the paths, sorted, without our own backup and temporary files. */
    private List<Path> collect() throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f) || f.toString().endsWith(BACKUP_SUFFIX)).forEach(files::add);
                }
            } else if (Files.exists(p) || Files.exists(backupOf(p))) {
                files.add(p);
            } else {
                throw IoErrors.failed("read", "file '" + p + "'", new java.nio.file.NoSuchFileException(p.toString()));
            }
        }
        List<Path> result = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(BACKUP_SUFFIX)) {
                // A backup whose file vanished in a crash: handle it under the file's name.
                Path original = f.resolveSibling(name.substring(0, name.length() - BACKUP_SUFFIX.length()));
                if (!files.contains(original)) {
                    result.add(original);
                }
            } else if (!name.endsWith(TEMP_SUFFIX)) {
                result.add(f);
            }
        }
        return result;
    }

    static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    private static Path tempOf(Path file) {
        return file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    }

    /** Finishes what a crashed run left: restore the verified original, drop a half-written file. */
    private static void recover(Path file, PrintWriter err) throws IOException {
        Files.deleteIfExists(tempOf(file));
        Path backup = backupOf(file);
        if (Files.exists(backup)) {
            Files.move(backup, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(file);
            err.println("rewrap: " + file + ": restored the original from a leftover backup");
        }
    }

    /** The header, or null if the file is not an envelope message. */
    private static EnvelopeHeader readHeader(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (!EnvelopeFiles.isEnvelope(in)) {
                return null;
            }
            return EnvelopeHeader.read(in);
        }
    }

    private void rewrap(Envelope envelope, EncryptionContext ctx, Path file, EnvelopeHeader oldHeader) throws IOException {
        Path temp = tempOf(file);
        Path backup = backupOf(file);
        boolean switched = false;
        try {
            try (InputStream in = new BufferedInputStream(
                    Progress.wrap(Files.newInputStream(file), io().err(), "rewrap " + file.getFileName(), Files.size(file)), 1 << 16);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE), 1 << 16)) {
                envelope.rewrap(in, out, ctx);
            }
            fsync(temp);
            verify(envelope, ctx, file, oldHeader.length(), temp);
            Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            switched = true;
            fsyncDirectory(file);
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                envelope.verifyHeader(in, ctx);
            }
            Files.delete(backup);
            fsyncDirectory(file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            if (switched || Files.exists(backup)) {
                recover(file, io().err());
            }
            throw e;
        }
    }

    /** The new header authenticates with the target KEKs and the payload bytes equal the original's. */
    private static void verify(Envelope envelope, EncryptionContext ctx, Path original, int oldHeaderLength, Path rewritten)
            throws IOException {
        try (InputStream a = new BufferedInputStream(Files.newInputStream(original), 1 << 16);
             InputStream b = new BufferedInputStream(Files.newInputStream(rewritten), 1 << 16)) {
            EnvelopeHeader header = envelope.verifyHeader(b, ctx);
            if (!header.keks().equals(envelope.keks())) {
                throw new KmsException(dev.kms4j.KmsErrorCode.INTERNAL, "rewritten header names unexpected KEKs");
            }
            a.skipNBytes(oldHeaderLength);
            byte[] bufA = new byte[1 << 16];
            byte[] bufB = new byte[1 << 16];
            while (true) {
                int n = a.readNBytes(bufA, 0, bufA.length);
                int m = b.readNBytes(bufB, 0, n == 0 ? 1 : n);
                if (n != m || !java.util.Arrays.equals(bufA, 0, n, bufB, 0, m)) {
                    throw new KmsException(dev.kms4j.KmsErrorCode.INTERNAL, "rewritten payload differs from the original");
                }
                if (n == 0) {
                    return;
                }
            }
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void fsyncDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the renames are still atomic there.
        }
    }
}
