package dev.kms4j.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * HTTP/1.1 by hand over a JDK 17 {@link SocketChannel} on a Unix domain socket (the JDK's
 * HttpClient cannot dial one): what the seed's Go client does with its custom dialer.
 * One connection, requests answered in order, keep-alive.
 */
final class RawHttp implements AutoCloseable {
    /** A parsed answer. */
    record Response(int status, String headers, String body) {
    }

    private final SocketChannel channel;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    RawHttp(Path socket) throws IOException {
        this.channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    Response post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        send("POST " + path + " HTTP/1.1\r\nHost: kms\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n", body);
        return read();
    }

    Response get(String pathAndQuery) throws IOException {
        send("GET " + pathAndQuery + " HTTP/1.1\r\nHost: kms\r\n\r\n", new byte[0]);
        return read();
    }

    void send(String head, byte[] body) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
        out.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    Response read() throws IOException {
        int headEnd;
        while ((headEnd = indexOf(pending.toByteArray(), "\r\n\r\n")) < 0) {
            fill();
        }
        byte[] all = pending.toByteArray();
        String head = new String(all, 0, headEnd, StandardCharsets.US_ASCII);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        while (pending.size() < headEnd + 4 + length) {
            fill();
        }
        all = pending.toByteArray();
        String body = new String(all, headEnd + 4, length, StandardCharsets.UTF_8);
        pending.reset();
        pending.write(all, headEnd + 4 + length, all.length - headEnd - 4 - length);
        return new Response(status, head, body);
    }

    private void fill() throws IOException {
        ByteBuffer in = ByteBuffer.allocate(8192);
        int n = channel.read(in);
        if (n < 0) {
            throw new IOException("connection closed by the server");
        }
        pending.write(in.array(), 0, n);
    }

    private static int indexOf(byte[] data, String marker) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + m.length <= data.length; i++) {
            for (int j = 0; j < m.length; j++) {
                if (data[i + j] != m[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
