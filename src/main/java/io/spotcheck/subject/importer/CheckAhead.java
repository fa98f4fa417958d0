package io.spotcheck.subject.importer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The records of an import parsed and checked on threads of their own, ahead of the request thread
 * that merges and writes them, and handed back in line order. Records are read on the calling
 * thread only (a servlet body is read by the request's own thread), in batches handed to the
 * checkers; at most {@code 2 × checkers} batches are read ahead, so memory stays bounded whatever
 * the size of the body. Parsing and checking are pure, so a batch dropped when the import stops
 * early changes nothing.
 */
final class CheckAhead implements Iterator<ImportRecords.Line>, AutoCloseable {

    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Iterator<? extends ImportRecords.Record> records;
    private final UnaryOperator<ImportRecords.Line> check;
    private final int batch;
    private final int depth;
    private final ExecutorService checkers;
    private final ArrayDeque<Future<List<ImportRecords.Line>>> ahead = new ArrayDeque<>();
    private Iterator<ImportRecords.Line> current = Collections.emptyIterator();

    CheckAhead(Iterator<? extends ImportRecords.Record> records, UnaryOperator<ImportRecords.Line> check, int batch, int checkers) {
        this.records = records;
        this.check = check;
        this.batch = batch;
        this.depth = 2 * checkers;
        int run = RUNS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        this.checkers = Executors.newFixedThreadPool(checkers, r -> {
            Thread t = new Thread(r, "import-check-" + run + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext()) {
            readAhead();
            Future<List<ImportRecords.Line>> oldest = ahead.poll();
            if (oldest == null) {
                return false;
            }
            current = await(oldest).iterator();
            // The next batch goes out before this one is consumed, so the checkers never wait on the merge.
            readAhead();
        }
        return true;
    }

    @Override
    public ImportRecords.Line next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    private void readAhead() {
        while (ahead.size() < depth && records.hasNext()) {
            List<ImportRecords.Record> read = new ArrayList<>(batch);
            while (read.size() < batch && records.hasNext()) {
                read.add(records.next());
            }
            ahead.add(checkers.submit(() -> {
                List<ImportRecords.Line> lines = new ArrayList<>(read.size());
                for (ImportRecords.Record record : read) {
                    ImportRecords.Line line = record.parse();
                    if (line != null) {
                        lines.add(check.apply(line));
                    }
                }
                return lines;
            }));
        }
    }

    private static List<ImportRecords.Line> await(Future<List<ImportRecords.Line>> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the import's records", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        checkers.shutdownNow();
    }
}
