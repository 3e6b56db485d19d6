/** Internals of the Tink bridge. Not API. */
package dev.kms4j.envelope.tink.internal;
