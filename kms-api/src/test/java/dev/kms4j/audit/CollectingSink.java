package dev.kms4j.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every record, for tests; can be told to fail. */
final class CollectingSink implements AuditSink {
    final List<AuditRecord> records = new CopyOnWriteArrayList<>();
    volatile RuntimeException failWith;

    @Override
    public void record(AuditRecord record) {
        if (failWith != null) {
            throw failWith;
        }
        records.add(record);
    }

    AuditRecord last() {
        return records.get(records.size() - 1);
    }
}
