package dev.kms4j.cli;

import dev.kms4j.audit.AuditChainVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kms audit verify FILE}: checks a hash-chained audit file. Prints
 * {@code OK: N records, last hash H} and exits 0, or prints {@code BROKEN: line L: reason} and
 * exits 1. Needs no keystore. Audit records hold no secrets. Runs once; not thread-safe.
 */
@Command(name = "verify",
        description = {"Check a hash-chained audit file (HashChainedFileAuditSink) for edited, removed, inserted,"
            + " reordered or truncated records.",
            "Prints 'OK: N records, last hash H' (exit 0) or 'BROKEN: line L: reason' for the first bad line (exit 1).",
            "Records cut off the end leave a valid, shorter chain: compare N and H with a copy kept elsewhere."})
final class AuditVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The audit file.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = ((KmsCli) spec.root().userObject()).io().out();
        AuditChainVerifier.Result r = AuditChainVerifier.verify(file);
        if (r.ok()) {
            out.println("OK: " + r.records() + " records, last hash " + r.lastHash().orElse("-"));
            return ExitCodes.OK;
        }
        out.println("BROKEN: line " + r.failedLine() + ": " + r.reason().orElse("unknown"));
        out.println("(records verified before it: " + r.records() + ")");
        return ExitCodes.VERIFICATION_FAILED;
    }
}
