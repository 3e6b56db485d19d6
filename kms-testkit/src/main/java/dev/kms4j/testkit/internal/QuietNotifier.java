package dev.kms4j.testkit.internal;

import com.github.tomakehurst.wiremock.common.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps WireMock quiet. WireMock's messages quote whole requests, and request bodies carry
 * plaintexts and data keys, so their text is never logged: informational messages are dropped
 * and errors are logged as a fixed sentence with the exception type only.
 *
 * <p>Stateless and thread-safe.
 */
public final class QuietNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kms4j.testkit.wiremock");

    @Override
    public void info(String message) {
        // Dropped on purpose: see the class comment.
    }

    @Override
    public void error(String message) {
        LOG.debug("WireMock reported an error (text suppressed: it may quote request bodies)");
    }

    @Override
    public void error(String message, Throwable t) {
        LOG.warn("WireMock reported an error: {} (text suppressed: it may quote request bodies)",
                t == null ? "no exception" : t.getClass().getName());
    }
}
