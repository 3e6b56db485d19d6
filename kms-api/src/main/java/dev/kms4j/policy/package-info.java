/**
 * Key access policy: which caller (from {@link dev.kms4j.CallerContext}) may do which operation on
 * which keys, checked before each call: {@link dev.kms4j.policy.KeyAccessPolicy}.
 */
package dev.kms4j.policy;
