package org.backprop4j.kernel;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loops for the interrupt tests, compiled by javac rather than JShell, so not woven with stop checks: like the
 * toolkit's own loops they stop only by checking for interruption. Public: cells call them.
 */
public final class TestLoops {
    /** Set when a loop has started, so a test interrupts running code rather than compilation. */
    public static final AtomicBoolean STARTED = new AtomicBoolean();

    private TestLoops() {
    }

    public static long spinUntilInterrupted() {
        STARTED.set(true);
        long n = 0;
        while (!Thread.currentThread().isInterrupted()) {
            n++;
        }
        return n;
    }
}
