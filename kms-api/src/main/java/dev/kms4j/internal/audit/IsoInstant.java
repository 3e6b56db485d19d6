package dev.kms4j.internal.audit;

import java.time.Instant;

/**
 * Writes an {@link Instant} exactly as {@link Instant#toString()} does
 * ({@link java.time.format.DateTimeFormatter#ISO_INSTANT}: {@code 2026-11-23T18:31:32.123456Z},
 * the fraction in groups of three digits, none when zero). Hand-written because every audit record
 * carries a time and the JDK formatter costs several hundred nanoseconds per call, more than the
 * operation being audited on a fast provider. Years outside 0000-9999 take the JDK's path.
 * Stateless and thread-safe.
 */
final class IsoInstant {
    private static final long SECONDS_PER_DAY = 86_400;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z as epoch seconds. */
    private static final long MIN_FAST = -62_167_219_200L;
    private static final long MAX_FAST = 253_402_300_800L;

    private IsoInstant() {
    }

    static void append(StringBuilder sb, Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST || seconds >= MAX_FAST) {
            sb.append(instant);
            return;
        }
        char[] out = new char[30];
        int n = write(out, seconds, instant.getNano());
        sb.append(out, 0, n);
    }

    /** Writes the instant into {@code out}; returns the number of characters written. */
    private static int write(char[] out, long seconds, int nanos) {
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted), exact
        // for the proleptic Gregorian calendar that java.time uses.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

        int p = digits(out, 0, (int) year, 4);
        out[p++] = '-';
        p = digits(out, p, month, 2);
        out[p++] = '-';
        p = digits(out, p, day, 2);
        out[p++] = 'T';
        p = digits(out, p, secondOfDay / 3600, 2);
        out[p++] = ':';
        p = digits(out, p, secondOfDay / 60 % 60, 2);
        out[p++] = ':';
        p = digits(out, p, secondOfDay % 60, 2);
        if (nanos != 0) {
            out[p++] = '.';
            if (nanos % 1_000_000 == 0) {
                p = digits(out, p, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                p = digits(out, p, nanos / 1000, 6);
            } else {
                p = digits(out, p, nanos, 9);
            }
        }
        out[p++] = 'Z';
        return p;
    }

    /** {@code value} in decimal, left-padded with zeros to {@code width} digits, at {@code at}; returns the next position. */
    private static int digits(char[] out, int at, int value, int width) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }
}
