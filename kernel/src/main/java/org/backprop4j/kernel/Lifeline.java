package org.backprop4j.kernel;

import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * How the kernel process ends besides a shutdown request. It exits when the client that started it is gone (as
 * IPython's kernel does with {@code JPY_PARENT_PID}), so a crashed notebook server leaves no kernel spinning; and
 * when code a cell called ends the JVM (a library's {@code System.exit}; cell code's own calls only throw), the
 * client is told why before the process goes.
 */
final class Lifeline {
    /** How often the parent is checked: a second, as IPython's parent poller. */
    static final long POLL_MS = 1000;

    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level and handler. */
    private static final Logger RUNTIME = Logger.getLogger("java.lang.Runtime");
    private static final Logger LOG = Logger.getLogger(Lifeline.class.getName());

    private Lifeline() {
    }

    /**
     * Watches the process {@code JPY_PARENT_PID} names and calls {@code exit} once it has ended (or its pid names
     * another process, started after it). Does nothing when the variable is unset or not a live pid.
     *
     * @return whether a watch started
     */
    static boolean watchParent(String parentPid, Runnable exit) {
        if (parentPid == null || parentPid.isBlank()) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parentPid.strip());
        } catch (NumberFormatException e) {
            LOG.warning("JPY_PARENT_PID=" + parentPid + " is not a process id; the kernel will not exit with its client");
            return false;
        }
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            LOG.warning("JPY_PARENT_PID=" + pid + " names no running process; the kernel will not exit with its client");
            return false;
        }
        Optional<Instant> started = parent.get().info().startInstant();
        Thread.ofPlatform().name("kernel-parent-watch").daemon(true).start(() -> {
            while (true) {
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
                Optional<ProcessHandle> now = ProcessHandle.of(pid);
                boolean gone = now.isEmpty() || !now.get().isAlive()
                        || !now.get().info().startInstant().equals(started);   // the pid was reused
                if (gone) {
                    LOG.warning("the client process " + pid + " (JPY_PARENT_PID) has ended; the kernel exits");
                    exit.run();
                    return;
                }
            }
        });
        return true;
    }

    /**
     * Calls {@code notice} with the status when the JVM is about to exit through {@code Runtime.exit} (the JDK
     * logs each such call to the {@code java.lang.Runtime} logger at debug level, before shutdown starts).
     */
    static void onRuntimeExit(IntConsumer notice) {
        RUNTIME.setLevel(Level.FINE);
        RUNTIME.setUseParentHandlers(false);
        RUNTIME.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                Throwable call = r.getThrown();
                String text = call == null ? "" : String.valueOf(call.getMessage());   // "Runtime.exit(3)"
                int open = text.indexOf('(');
                int close = text.indexOf(')', open + 1);
                int status = -1;
                if (open >= 0 && close > open) {
                    try {
                        status = Integer.parseInt(text.substring(open + 1, close));
                    } catch (NumberFormatException e) {
                        // unknown status: -1
                    }
                }
                notice.accept(status);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }
}
