package dev.kms4j.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;

/**
 * A progress line on stderr for large files: counts the bytes read through it and prints
 * {@code "<label>: 42% (420 MiB of 1.0 GiB)"} at each whole percent, on one line (carriage
 * return), with a final newline at the end. Silent for inputs below {@link #THRESHOLD_BYTES} or
 * of unknown size. Prints sizes only, never data. Not thread-safe, like the stream it wraps.
 */
final class Progress extends FilterInputStream {
    /** Files smaller than this get no progress line. */
    static final long THRESHOLD_BYTES = 16L << 20;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private long done;
    private int shownPercent = -1;
    private boolean finished;

    private Progress(InputStream in, PrintWriter err, String label, long total) {
        super(in);
        this.err = err;
        this.label = label;
        this.total = total;
    }

    /** Wraps {@code in} if {@code totalBytes} is known and large; otherwise returns it unchanged. */
    static InputStream wrap(InputStream in, PrintWriter err, String label, long totalBytes) {
        return totalBytes >= THRESHOLD_BYTES ? new Progress(in, err, label, totalBytes) : in;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        advance(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        advance(n);
        return n;
    }

    private void advance(int n) {
        if (n < 0) {
            finish();
            return;
        }
        done += n;
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            err.print("\r" + label + ": " + percent + "% (" + size(done) + " of " + size(total) + ")");
            err.flush();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            err.println();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
