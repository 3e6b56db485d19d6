package dev.kms4j.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kms4j.KmsErrorCode;
import dev.kms4j.KmsException;
import dev.kms4j.KmsOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncAuditSinkTest {
    private static AuditRecord record(int i) {
        return AuditRecord.builder().time(Instant.EPOCH.plusSeconds(i)).requestId("req-" + i).principal("svc")
                .operation(KmsOperation.ENCRYPT).provider("local").key("local://k").outcome(AuditOutcome.OK)
                .latency(Duration.ofNanos(i)).build();
    }

    @Test
    void closeWritesEveryQueuedRecordInOrder() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncAuditSink sink = AsyncAuditSink.wrap(r -> seen.add(r.requestId()));

        for (int i = 0; i < 10_000; i++) {
            sink.record(record(i));
        }
        sink.close();

        assertThat(seen).hasSize(10_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.get(i)).isEqualTo("req-" + i);
        }
        assertThat(sink.written()).isEqualTo(10_000);
    }

    @Test
    void aFullQueueMakesCallersWaitInsteadOfDroppingRecords() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncAuditSink sink = AsyncAuditSink.builder(r -> {
            awaitQuietly(release);
            seen.add(r.requestId());
        }).capacity(2).build();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                sink.record(record(i));
            }
        });
        producer.start();

        producer.join(200);
        assertThat(producer.isAlive()).as("the producer waits for room").isTrue();
        release.countDown();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        sink.close();

        assertThat(producer.isAlive()).isFalse();
        assertThat(seen).hasSize(20);
    }

    @Test
    void aFailingTargetIsCountedAndDoesNotStopLaterRecords() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncAuditSink sink = AsyncAuditSink.wrap(r -> {
            if (r.requestId().equals("req-1")) {
                throw new IllegalStateException("disk full");
            }
            seen.add(r.requestId());
        });

        for (int i = 0; i < 3; i++) {
            sink.record(record(i));
        }
        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(seen).containsExactly("req-0", "req-2");
        assertThat(sink.failures()).isEqualTo(1);
        sink.close();
    }

    @Test
    void flushWaitsUntilTheTargetHasEveryRecord() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        AsyncAuditSink sink = AsyncAuditSink.wrap(r -> seen.add(r.requestId()));

        sink.record(record(1));
        sink.record(record(2));

        assertThat(sink.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly("req-1", "req-2");
        assertThat(sink.pending()).isZero();
        sink.close();
    }

    @Test
    void aClosedSinkRefusesRecords() {
        AsyncAuditSink sink = AsyncAuditSink.wrap(r -> { });
        sink.close();

        assertThatThrownBy(() -> sink.record(record(1)))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.UNAVAILABLE));
    }

    @Test
    void failClosedIsRefusedWithAnAsynchronousSink() {
        AsyncAuditSink sink = AsyncAuditSink.wrap(r -> { });
        try {
            assertThatThrownBy(() -> AuditDecorator.builder().sink(sink).failClosed(true).build())
                    .isInstanceOfSatisfying(KmsException.class,
                            e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
        } finally {
            sink.close();
        }
    }

    @Test
    void capacityOutsideItsRangeIsRefused() {
        assertThatThrownBy(() -> AsyncAuditSink.builder(r -> { }).capacity(0))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
