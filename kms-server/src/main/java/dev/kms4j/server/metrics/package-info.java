/**
 * The server's metrics: kms4j's operation meters ({@code dev.kms4j.micrometer.MicrometerMetrics})
 * and one timer per gRPC call, in a Prometheus registry scraped over HTTP. Meters carry method,
 * status, provider, operation and error names only: never tokens, client secrets or key material.
 */
package dev.kms4j.server.metrics;
