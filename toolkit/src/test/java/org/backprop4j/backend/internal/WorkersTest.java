package org.backprop4j.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.backprop4j.backend.Threads;
import org.junit.jupiter.api.Test;

class WorkersTest {
    @Test
    void singleThreadedWorkRunsEveryPartInTurnOnTheCallingThread() {
        int before = Threads.get();
        Threads.set(4);
        try {
            List<String> parts = new CopyOnWriteArrayList<>();
            int[] seen = new int[2];
            Workers.runSingleThreaded(() -> {
                seen[0] = Workers.threads();
                seen[1] = Threads.get();
                Workers.run(4, p -> parts.add(p + " on " + Thread.currentThread().getName()));
                Workers.forRange(1 << 20, 1, (from, to) -> parts.add("range " + from + ".." + to));
            });
            String here = Thread.currentThread().getName();
            assertThat(seen).containsExactly(1, 1);
            assertThat(parts).containsExactly("0 on " + here, "1 on " + here, "2 on " + here, "3 on " + here,
                    "range 0.." + (1 << 20));
            assertThat(Workers.threads()).as("after the scope").isEqualTo(4);

            parts.clear();
            // both parts wait for each other, so they can only finish on two threads at once: part 0 on this one
            CountDownLatch started = new CountDownLatch(2);
            Workers.run(2, p -> {
                started.countDown();
                try {
                    parts.add(p + (started.await(10, TimeUnit.SECONDS) ? " met the other on " : " alone on ")
                            + Thread.currentThread().getName() + " seeing " + Workers.threads());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(parts).as("outside it the pool runs part 1, and a part sees one thread").hasSize(2)
                    .contains("0 met the other on " + here + " seeing 1")
                    .anyMatch(s -> s.startsWith("1 met the other on backprop4j-worker-") && s.endsWith(" seeing 1"));
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void everyPartRunsOnceAFailureReachesTheCallerAndNestedSplitsRunInline() {
        int before = Threads.get();
        Threads.set(2);
        try {
            for (int round = 0; round < 200; round++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(7);
                List<Integer> inner = new CopyOnWriteArrayList<>();
                Workers.run(7, p -> {
                    hits.incrementAndGet(p);
                    Workers.run(3, q -> inner.add(q));   // nested: in turn, on this part's thread
                });
                for (int p = 0; p < 7; p++) {
                    assertThat(hits.get(p)).as("round %d part %d", round, p).isEqualTo(1);
                }
                assertThat(inner).hasSize(21);
            }
            assertThatThrownBy(() -> Workers.run(2, p -> {
                if (p == 1) {
                    throw new IllegalStateException("part 1 failed");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("part 1 failed");
            int[] after = new int[1];
            Workers.run(2, p -> {
                if (p == 0) {
                    after[0] = 1;
                }
            });
            assertThat(after[0]).as("the pool still works after a failure").isEqualTo(1);
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void concurrentCallersAndResizingRunEveryPartOnceAndNeverHang() throws InterruptedException {
        int before = Threads.get();
        Threads.set(3);
        try {
            int callers = 4;
            int rounds = 300;
            AtomicInteger wrong = new AtomicInteger();
            AtomicInteger finished = new AtomicInteger();
            AtomicBoolean resizing = new AtomicBoolean(true);
            Thread resizer = Thread.ofPlatform().daemon(true).start(() -> {
                for (int i = 0; resizing.get(); i++) {
                    Workers.setThreads(2 + i % 3);   // retires the pool while callers are handing it parts
                    Thread.onSpinWait();
                }
            });
            Thread[] threads = new Thread[callers];
            for (int c = 0; c < callers; c++) {
                threads[c] = Thread.ofPlatform().daemon(true).start(() -> {
                    for (int round = 0; round < rounds; round++) {
                        AtomicIntegerArray hits = new AtomicIntegerArray(5);
                        Workers.run(5, hits::incrementAndGet);
                        for (int p = 0; p < 5; p++) {
                            if (hits.get(p) != 1) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    finished.incrementAndGet();
                });
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            resizing.set(false);
            resizer.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(finished.get()).as("callers that finished within a minute").isEqualTo(callers);
            assertThat(wrong.get()).as("parts run other than once").isZero();
        } finally {
            Threads.set(before);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForItsPartsAndKeepsTheFlag() {
        int before = Threads.get();
        Threads.set(2);
        try {
            int[] written = new int[1];
            Workers.run(2, p -> {
                if (p == 0) {
                    Thread.currentThread().interrupt();
                } else {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50); // past the callers' polling
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    written[0] = 1;
                }
            });
            assertThat(Thread.interrupted()).as("the interrupt flag, kept").isTrue();
            assertThat(written[0]).as("part 1 had finished when run returned").isEqualTo(1);
        } finally {
            Threads.set(before);
        }
    }
}
