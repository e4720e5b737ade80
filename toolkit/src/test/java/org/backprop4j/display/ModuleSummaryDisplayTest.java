package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.backprop4j.nn.Linear;
import org.backprop4j.nn.Module;
import org.backprop4j.nn.ModuleSummary;
import org.backprop4j.nn.Sequential;
import org.backprop4j.nn.Tanh;
import org.backprop4j.array.Shape;
import org.junit.jupiter.api.Test;

class ModuleSummaryDisplayTest {
    private static Module mlp() {
        return new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 1));
    }

    @Test
    void aModuleShowsItsLayersSettingsAndParameterCounts() {
        Module model = mlp();
        ModuleSummary s = ModuleSummary.of(model);
        assertThat(s.rows()).extracting(ModuleSummary.Row::path).containsExactly("", "0", "1", "2");
        assertThat(s.rows()).extracting(ModuleSummary.Row::parameters).containsExactly(0L, 48L, 0L, 17L);
        assertThat(s.rows()).extracting(ModuleSummary.Row::depth).containsExactly(0, 1, 1, 1);
        assertThat(s.rows().get(1).settings()).isEqualTo(model.children().getFirst().toString()
                .replaceFirst("^Linear\\(", "").replaceFirst("\\)$", ""));
        assertThat(s.rows()).allSatisfy(r -> assertThat(r.output()).isNull());
        MimeBundle b = Display.bundle(model);
        assertThat(b.plainText()).startsWith(model.toString()).endsWith("65 parameters (65 trainable), training mode");
        assertThat(b.text(MimeBundle.HTML)).contains("<b>Sequential</b> 65 parameters (65 trainable), training mode")
                .contains(">Linear</td>").contains(">48</td>").doesNotContain("Output shape");
    }

    @Test
    void withAnInputShapeEachLayerShowsItsOutputShape() {
        Module model = mlp();
        ModuleSummary s = model.summary(5, 2);
        assertThat(s.rows()).extracting(ModuleSummary.Row::output)
                .containsExactly(Shape.of(5, 1), Shape.of(5, 16), Shape.of(5, 16), Shape.of(5, 1));
        assertThat(model.isTraining()).as("the mode is restored").isTrue();
        MimeBundle b = Display.bundle(s);
        assertThat(b.plainText()).isEqualTo(s.toString()).contains("Layer", "Output shape", "Total parameters: 65");
        assertThat(b.text(MimeBundle.HTML)).contains("Output shape").contains(">[5, 16]</td>")
                .contains("input [5, 2]");
    }

    @Test
    void frozenParametersAreNotTrainable() {
        Module model = mlp();
        model.parameters().getFirst().requiresGrad(false);
        assertThat(Display.bundle(model).plainText()).endsWith("65 parameters (33 trainable), training mode");
    }

    @Test
    void aWrongInputShapeFailsWithTheModelsOwnMessage() {
        assertThatThrownBy(() -> ModuleSummary.of(mlp(), 5, 3)).hasMessageContaining("[5, 3]");
    }
}
