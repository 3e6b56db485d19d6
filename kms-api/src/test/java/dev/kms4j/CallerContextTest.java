package dev.kms4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallerContextTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void thereIsNoCallerOutsideAScope() {
        assertThat(CallerContext.current()).isEmpty();
    }

    @Test
    void aScopeSetsTheCallerAndClosingItRemovesIt() {
        try (CallerContext.Scope s = CallerContext.principal("svc-billing", "req-1")) {
            assertThat(CallerContext.current()).hasValueSatisfying(c -> {
                assertThat(c.principal()).isEqualTo("svc-billing");
                assertThat(c.requestId()).hasValue("req-1");
            });
        }
        assertThat(CallerContext.current()).isEmpty();
    }

    @Test
    void closingANestedScopeRestoresTheOuterCaller() {
        try (CallerContext.Scope outer = CallerContext.principal("outer")) {
            try (CallerContext.Scope inner = CallerContext.open(Caller.builder("inner").roles("admin").build())) {
                assertThat(CallerContext.current().map(Caller::roles)).hasValue(java.util.Set.of("admin"));
            }
            assertThat(CallerContext.current().map(Caller::principal)).hasValue("outer");
        }
    }

    @Test
    void anotherThreadDoesNotSeeTheCallerWithoutWrap() throws Exception {
        try (CallerContext.Scope s = CallerContext.principal("svc")) {
            Optional<Caller> seen = executor.submit(CallerContext::current).get();
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void wrappedRunnableRunsWithTheCallerCapturedWhenWrapped() throws Exception {
        AtomicReference<Optional<Caller>> seen = new AtomicReference<>();
        Runnable task;
        try (CallerContext.Scope s = CallerContext.principal("svc")) {
            task = CallerContext.wrap(() -> seen.set(CallerContext.current()));
        }
        executor.submit(task).get();

        assertThat(seen.get().map(Caller::principal)).hasValue("svc");
    }

    @Test
    void wrappedCallableRunsWithTheCallerAndRestoresTheRunningThreadsOwn() throws Exception {
        Callable<String> task;
        try (CallerContext.Scope s = CallerContext.principal("captured")) {
            task = CallerContext.wrap(() -> CallerContext.current().orElseThrow().principal());
        }
        try (CallerContext.Scope s = CallerContext.principal("runner")) {
            assertThat(task.call()).isEqualTo("captured");
            assertThat(CallerContext.current().map(Caller::principal)).hasValue("runner");
        }
    }

    @Test
    void aTaskWrappedWithoutACallerRunsWithoutOne() throws Exception {
        Callable<Optional<Caller>> task = CallerContext.wrap(CallerContext::current);
        try (CallerContext.Scope s = CallerContext.principal("runner")) {
            assertThat(task.call()).isEmpty();
        }
    }

    @Test
    void anEmptyPrincipalIsRefused() {
        assertThatThrownBy(() -> CallerContext.principal(" ")).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void aPrincipalWithALineBreakIsRefusedSoAuditLinesStayOneRecordEach() {
        assertThatThrownBy(() -> Caller.of("svc\n{\"forged\":1}")).isInstanceOfSatisfying(KmsException.class,
                e -> assertThat(e.code()).isEqualTo(KmsErrorCode.INVALID_ARGUMENT));
    }
}
