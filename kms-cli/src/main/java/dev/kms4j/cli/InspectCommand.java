package dev.kms4j.cli;

import dev.kms4j.KeyRef;
import dev.kms4j.envelope.EnvelopeHeader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kms inspect FILE}: prints an envelope message's header (format, algorithm, segment size,
 * KEKs with versions) without decrypting and without opening the keystore. The header is not
 * authenticated by this (that needs the data key); the output says so. Runs once; not thread-safe.
 */
@Command(name = "inspect",
        description = {"Print the header of an envelope message (kms encrypt --envelope): format, algorithm,",
            "segment size and the KEKs (with exact versions) that can decrypt it. Needs no key access",
            "and decrypts nothing; the header is not authenticated until the message is decrypted."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The envelope message; - for stdin.")
    String file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliIo io = ((KmsCli) spec.root().userObject()).io();
        EnvelopeHeader header;
        try (InputStream in = EnvelopeFiles.open(io, file, "envelope", "inspecting")) {
            header = EnvelopeHeader.read(in);
        }
        print(io.out(), header);
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, EnvelopeHeader header) {
        out.println("format      kms4j envelope v" + header.formatVersion());
        out.println("algorithm   " + header.algorithm()
                + (header.isStreaming() ? " (segment " + header.segmentSize() + " bytes)" : ""));
        out.println("header      " + header.length() + " bytes (not authenticated by inspect)");
        for (KeyRef kek : header.keks()) {
            out.println("kek         " + kek.toUri());
        }
        out.flush();
    }
}
