package dev.kms4j.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AnchoredWallClockTest {
    /** A wall clock the test sets; counts how often it is read. */
    private static final class SetClock extends Clock {
        Instant now;
        int reads;

        SetClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            reads++;
            return now;
        }
    }

    private static final Instant T = Instant.parse("2026-11-23T18:31:32.123456Z");

    @Test
    void followsNanoTimeFromTheAnchorWithoutReadingTheWallClock() {
        SetClock wall = new SetClock(T);
        AnchoredWallClock clock = new AnchoredWallClock(wall);
        long n = System.nanoTime();

        Instant later = clock.at(n + 5_000_000L);

        assertThat(Duration.between(T, later)).isBetween(Duration.ofMillis(4), Duration.ofMillis(6));
        assertThat(wall.reads).isEqualTo(1);
    }

    @Test
    void isMonotonicWithinAnAnchor() {
        AnchoredWallClock clock = new AnchoredWallClock(new SetClock(T));
        long n = System.nanoTime();

        assertThat(clock.at(n + 1_000)).isBefore(clock.at(n + 2_000));
    }

    @Test
    void renewsTheAnchorOnceItIsASecondOld() {
        SetClock wall = new SetClock(T);
        AnchoredWallClock clock = new AnchoredWallClock(wall);
        wall.now = T.plusSeconds(60); // the system clock was stepped

        Instant renewed = clock.at(System.nanoTime() + 2_000_000_000L);

        assertThat(wall.reads).isEqualTo(2);
        assertThat(Duration.between(T.plusSeconds(60), renewed).abs()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void staysCloseToTheSystemClock() {
        AnchoredWallClock clock = new AnchoredWallClock(Clock.systemUTC());
        Instant before = Instant.now();

        Instant at = clock.at(System.nanoTime());

        assertThat(Duration.between(before, at).abs()).isLessThan(Duration.ofMillis(50));
    }
}
