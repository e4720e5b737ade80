package org.backprop4j.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.dflib.jjava.jupyter.messages.publish.PublishStream.StreamType;

/**
 * System.out and System.err of cells, sent to Jupyter as stream messages in batches: whatever was written goes out
 * every {@value #INTERVAL_MS} ms, at once when {@value #BATCH_BYTES} bytes are waiting, and before a display or the
 * end of a cell. One message per {@code println} overran ZeroMQ's queue of a thousand messages, which then dropped
 * lines and even the cell's final idle status. The order of stdout and stderr text is kept while output is slow
 * enough to read; a flood of both is sent in batches per stream. Past
 * {@link #limitBytes} bytes in one cell, further output is counted, not sent, and the cell ends with a note of what
 * was dropped. Output written between cells (by threads a cell started) goes to the last cell.
 */
final class CellOutput implements AutoCloseable {
    static final long INTERVAL_MS = 50;
    static final int BATCH_BYTES = 64 * 1024;
    /** The default per-cell limit: far beyond what a person reads, small enough for a notebook file to open. */
    static final long DEFAULT_LIMIT_BYTES = 32L << 20;

    final PrintStream stdout;
    final PrintStream stderr;
    private final Sink out = new Sink(StreamType.OUT);
    private final Sink err = new Sink(StreamType.ERR);
    private final long limitBytes;
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    /** Receives each batch; replaced per cell (a cell's reply environment), null before the first cell. */
    private BiConsumer<StreamType, String> target;
    private final PrintStream fallback;
    private long sentBytes;
    private long droppedBytes;
    private long droppedLines;
    private long lastSend;

    /**
     * @param fallback where output goes while no cell has run yet (the kernel's own log)
     * @param limitBytes the most bytes one cell sends; the rest is counted and dropped
     */
    CellOutput(PrintStream fallback, long limitBytes) {
        this.fallback = fallback;
        this.limitBytes = limitBytes;
        this.stdout = new PrintStream(out, false, StandardCharsets.UTF_8);
        this.stderr = new PrintStream(err, false, StandardCharsets.UTF_8);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("kernel-output")
                .daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(this::flush, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The per-cell limit from {@code BACKPROP4J_KERNEL_OUTPUT_LIMIT_MB} (a whole number of MiB), else
     * {@link #DEFAULT_LIMIT_BYTES}. @throws IllegalArgumentException naming the variable when it is not a number
     */
    static long limitFrom(String megabytes) {
        if (megabytes == null || megabytes.isBlank()) {
            return DEFAULT_LIMIT_BYTES;
        }
        try {
            long mb = Long.parseLong(megabytes.strip());
            if (mb > 0) {
                return mb << 20;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("BACKPROP4J_KERNEL_OUTPUT_LIMIT_MB must be a positive whole number of MiB,"
                + " got '" + megabytes + "'");
    }

    /** Sends what earlier cells left, then directs output to {@code cell} and starts its count afresh. */
    void startCell(BiConsumer<StreamType, String> cell) {
        synchronized (lock) {
            sendAll();
            target = cell;
            sentBytes = 0;
            droppedBytes = 0;
            droppedLines = 0;
        }
    }

    /** Sends everything written so far, and, when output was dropped, the note that says how much. */
    void finishCell() {
        synchronized (lock) {
            sendAll();
            if (droppedBytes > 0) {
                String note = String.format(Locale.ROOT, "%n[output truncated: %,d lines (%,d bytes) dropped after "
                        + "the first %,d MiB this cell printed; write long output to a file, or raise "
                        + "BACKPROP4J_KERNEL_OUTPUT_LIMIT_MB]%n", droppedLines, droppedBytes, limitBytes >> 20);
                send(StreamType.ERR, note);
                droppedBytes = 0;
                droppedLines = 0;
            }
        }
    }

    /** Sends what is waiting now (before a display, so that text and pictures keep their order). */
    void flush() {
        synchronized (lock) {
            sendAll();
        }
    }

    private void sendAll() {
        out.send(true);
        err.send(true);
    }

    private void send(StreamType type, String text) {
        lastSend = System.nanoTime();
        if (target == null) {
            fallback.print(text);
            fallback.flush();
        } else {
            target.accept(type, text);
        }
    }

    /**
     * Whether an interval has passed since the last message: then the order of stdout and stderr text and an
     * explicit flush are honoured at once; under a flood they wait for the timer, which keeps the message rate low.
     */
    private boolean dueForSend() {
        return System.nanoTime() - lastSend >= TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }

    /** One stream's bytes waiting to be sent. */
    private final class Sink extends OutputStream {
        private final StreamType type;
        private final ByteArrayOutputStream waiting = new ByteArrayOutputStream();

        Sink(StreamType type) {
            this.type = type;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (lock) {
                if (dueForSend()) {
                    (this == out ? err : out).send(true);   // what the other stream wrote before comes first
                }
                long room = limitBytes - sentBytes - waiting.size();
                int kept = (int) Math.max(0, Math.min(len, room));
                waiting.write(b, off, kept);
                if (kept < len) {
                    droppedBytes += len - kept;
                    for (int i = off + kept; i < off + len; i++) {
                        droppedLines += b[i] == '\n' ? 1 : 0;
                    }
                }
                if (waiting.size() >= BATCH_BYTES) {
                    send(false);
                }
            }
        }

        /** A flush from cell code sends at most once per interval; the timer sends the rest. */
        @Override
        public void flush() {
            synchronized (lock) {
                if (dueForSend()) {
                    sendAll();
                }
            }
        }

        /** Sends the waiting bytes; unless {@code all}, a character cut in half stays for the next batch. */
        void send(boolean all) {
            if (waiting.size() == 0) {
                return;
            }
            byte[] bytes = waiting.toByteArray();
            int end = all ? bytes.length : completeUtf8(bytes);
            waiting.reset();
            waiting.write(bytes, end, bytes.length - end);
            if (end > 0) {
                sentBytes += end;
                CellOutput.this.send(type, new String(bytes, 0, end, StandardCharsets.UTF_8));
            }
        }
    }

    /** The length of the longest prefix of {@code bytes} that ends on a whole UTF-8 character. */
    static int completeUtf8(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xff;
            if (b < 0x80) {
                return n;   // ASCII: everything before is whole
            }
            if (b >= 0xc0) {   // the lead byte of the last character: is the character all there?
                int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                return back >= length ? n : n - back;
            }
        }
        return n;
    }
}
