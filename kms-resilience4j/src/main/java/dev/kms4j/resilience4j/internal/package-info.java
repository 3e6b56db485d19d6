/**
 * Internals of the resilience decorator: the per-call guard (deadline and retry loop over
 * Resilience4j's retry decisions), circuits per endpoint, backoff, refusals. Not API.
 */
package dev.kms4j.resilience4j.internal;
