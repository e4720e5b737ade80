package org.backprop4j.array.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.backprop4j.array.Rng;
import org.junit.jupiter.api.Test;

class ScopedGlobalRngTest {
    @Test
    void theBoundGeneratorIsGlobalOnThisThreadForTheCallOnly() throws InterruptedException {
        Rng global = Rng.global();
        Rng mine = Rng.seeded(1);
        AtomicReference<Rng> inside = new AtomicReference<>();
        AtomicReference<Rng> otherThread = new AtomicReference<>();
        ScopedGlobalRng.run(mine, () -> {
            inside.set(Rng.global());
            Thread t = new Thread(() -> otherThread.set(Rng.global()));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(inside.get()).isSameAs(mine);
        assertThat(otherThread.get()).isSameAs(global);
        assertThat(Rng.global()).isSameAs(global);
    }
}
