package org.backprop4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.diagnostics.GradientSnapshot;
import org.backprop4j.diagnostics.GradientWarning;
import org.backprop4j.diagnostics.MonitorOptions;
import org.backprop4j.nn.Sequential;
import org.junit.jupiter.api.Test;

class MonitorCallbackTest {
    @Test
    void theMonitorRecordsEveryNthStepOfFit() {
        MonitorCallback health = MonitorCallback.every(3);
        assertThatThrownBy(health::monitor).hasMessageContaining("no fit() has started yet");
        Trainer t = Fixtures.builder(Fixtures.model(1)).epochs(2).callbacks(health).build();
        t.fit();
        assertThat(t.step()).isEqualTo(14);
        assertThat(health.monitor().history()).extracting(GradientSnapshot::step).containsExactly(3L, 6L, 9L,
                12L);
        GradientSnapshot last = health.monitor().latest();
        assertThat(last.layers()).extracting(l -> l.path()).containsExactly("0", "2");
        assertThat(last.layers()).allSatisfy(l -> assertThat(l.gradNorm()).isPositive());
        assertThat(health.warnings()).isEmpty();
    }

    @Test
    void aChosenWarningStopsFitNamingTheLayer() {
        Sequential model = Fixtures.model(1);
        // a threshold every gradient exceeds: the first recorded step warns, and training stops there
        MonitorCallback health = MonitorCallback.every(2).withOptions(MonitorOptions.DEFAULT
                .withVanishingThreshold(1e-15).withExplodingThreshold(1e-12)).stoppingOn(GradientWarning.Kind.EXPLODING);
        Trainer t = Fixtures.builder(model).epochs(5).callbacks(health).build();
        History h = t.fit();
        assertThat(t.step()).isEqualTo(2);
        assertThat(h.stopReason()).contains("gradient health at step 2").contains("layer '0'");
        assertThat(health.warnings()).extracting(GradientWarning::kind).contains(GradientWarning.Kind.EXPLODING);
    }
}
