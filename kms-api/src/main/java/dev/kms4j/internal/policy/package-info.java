/** Implementation of {@code dev.kms4j.policy}; not API, may change in any release. */
package dev.kms4j.internal.policy;
