/** Implementation of {@code dev.kms4j.audit}; not API, may change in any release. */
package dev.kms4j.internal.audit;
