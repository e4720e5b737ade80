package org.backprop4j.backend.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
            Workers.run(2, p -> parts.add(p + " on " + Thread.currentThread().getName()));
            assertThat(parts).as("outside it the pool runs part 1").hasSize(2).contains("0 on " + here)
                    .anyMatch(s -> s.startsWith("1 on backprop4j-worker-"));
        } finally {
            Threads.set(before);
        }
    }
}
