package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.backprop4j.train.Fixtures;
import org.backprop4j.train.History;
import org.backprop4j.train.Trainer;
import org.junit.jupiter.api.Test;

class TrainingDisplayTest {
    @Test
    void aHistoryShowsItsCurvesOverItsTableAndTheLiveViewABarAndAChart() {
        Trainer t = Fixtures.builder(Fixtures.model(1)).epochs(2).build();
        assertThat(TrainingView.chartPng(t)).as("no step yet").isNull();
        History h = t.fit();
        MimeBundle b = Display.bundle(h);
        assertThat(b.text(MimeBundle.HTML)).contains("<b>history</b> 2 rows").contains("data:image/png;base64,")
                .contains("val_accuracy");
        assertThat(b.binary(MimeBundle.PNG)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(b.plainText()).startsWith("History(2 epochs, 14 steps)");

        byte[] chart = TrainingView.chartPng(t);
        assertThat(chart).startsWith(0x89, 'P', 'N', 'G');
        MimeBundle live = TrainingView.bundle(t, chart);
        assertThat(live.plainText()).startsWith("epoch 2/2 [##############################] 7/7  step 14  loss ");
        assertThat(live.text(MimeBundle.HTML)).contains("backprop4j-training").contains("data:image/png;base64,");
    }
}
