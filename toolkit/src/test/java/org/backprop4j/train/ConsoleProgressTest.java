package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    @Test
    void eachEpochEndsOnAFullBarWithItsValues() {
        List<String> lines = new ArrayList<>();
        Trainer trainer = Fixtures.builder(Fixtures.model(1)).epochs(2)
                .progress(new ConsoleProgress(line -> {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }, 120)).build();
        History h = trainer.fit();
        List<String> last = new ArrayList<>();
        synchronized (lines) {
            for (String line : lines) {
                if (line.contains("7/7")) {
                    last.add(line);
                }
            }
        }
        assertThat(last).anySatisfy(l -> assertThat(l).contains("epoch 1/2").contains("loss "))
                .anySatisfy(l -> assertThat(l).contains("epoch 2/2")
                        .contains(History.format(h.epochs().get(1).get("loss"))));
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(120));
    }
}
