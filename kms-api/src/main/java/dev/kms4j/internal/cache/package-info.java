/** Implementation of {@code dev.kms4j.cache}; not API, may change in any release. */
package dev.kms4j.internal.cache;
