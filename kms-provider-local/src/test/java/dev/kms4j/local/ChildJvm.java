package dev.kms4j.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a test main class in a child JVM with this JVM's classpath, where class directories are
 * first copied to a private location: a build running at the same time (an IDE, another engineer's
 * Maven run) recompiles {@code target/classes} and would otherwise make the child fail with
 * {@code NoClassDefFoundError}.
 */
final class ChildJvm {
    private final String classpath;

    private ChildJvm(String classpath) {
        this.classpath = classpath;
    }

    /** Snapshots the class directories of {@code java.class.path} under {@code workDir}. */
    static ChildJvm snapshot(Path workDir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                Path copy = workDir.resolve("classpath-" + n++);
                copyTree(source, copy);
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        return new ChildJvm(String.join(File.pathSeparator, entries));
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "ChildJvm[classpath=" + classpath + "]";
    }

    /** A process builder for {@code mainClass} with small-heap, quick-start flags and no logging. */
    ProcessBuilder command(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // No logging in the child unless asked for (-Dkms4j.crashTest.childLogging=true, for
                // diagnosis): log lines are not protocol lines, but they slow the child down.
                "-Dslf4j.provider=" + (Boolean.getBoolean("kms4j.crashTest.childLogging")
                        ? "ch.qos.logback.classic.spi.LogbackServiceProvider"
                        : "org.slf4j.helpers.NOP_FallbackServiceProvider"),
                "-cp", classpath, mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
