/**
 * The seed-002 HTTP/JSON endpoints ({@code /create_dek_for_thread}, {@code /encrypt},
 * {@code /decrypt}, {@code /get_wrapped}) over TCP (optionally TLS) and a Unix domain socket,
 * backed by the envelope module's per-entity DEK store, so that the seed's remote clients work
 * unchanged. Start with {@link dev.kms4j.server.http.Seed002HttpServer#builder}; the protocol, the
 * key id mapping and the errors are described in {@code docs/server-http.md}.
 */
package dev.kms4j.server.http;
