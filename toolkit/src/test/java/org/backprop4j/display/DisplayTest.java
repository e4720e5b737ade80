package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.backprop4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DisplayTest {
    @TempDir
    Path dir;

    interface Shape { }

    static class Base implements Shape { }

    static class Derived extends Base { }

    static class Other implements Shape { }

    record Score(double value) implements Displayable {
        @Override
        public MimeBundle toMimeBundle() {
            return MimeBundle.ofText("score " + value).withHtml("<b>" + value + "</b>");
        }
    }

    @Test
    void displayableRendersItself() {
        assertThat(Display.bundle(new Score(0.5)).text("text/html")).isEqualTo("<b>0.5</b>");
    }

    @Test
    void theNearestRegisteredTypeWinsSuperclassesBeforeInterfaces() {
        Display.register(Shape.class, s -> MimeBundle.ofText("shape"));
        Display.register(Base.class, b -> MimeBundle.ofText("base"));
        assertThat(Display.bundle(new Derived()).plainText()).isEqualTo("base");
        assertThat(Display.bundle(new Other()).plainText()).isEqualTo("shape");
        Display.register(Derived.class, d -> MimeBundle.ofText("derived"));
        assertThat(Display.bundle(new Derived()).plainText()).isEqualTo("derived");
    }

    @Test
    void anythingElseShowsItsTextArraysTheirElements() {
        assertThat(Display.bundle(42).mimeTypes()).containsExactly("text/plain");
        assertThat(Display.bundle(42).plainText()).isEqualTo("42");
        assertThat(Display.bundle(null).plainText()).isEqualTo("null");
        assertThat(Display.bundle(new int[] {1, 2}).plainText()).isEqualTo("[1, 2]");
        assertThat(Display.bundle(new String[][] {{"a"}, {"b"}}).plainText()).isEqualTo("[[a], [b]]");
    }

    @Test
    void aRendererReturningNothingIsReported() {
        record Broken() { }
        Display.register(Broken.class, b -> null);
        assertThatThrownBy(() -> Display.bundle(new Broken())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the renderer of ").hasMessageContaining("Broken returned no bundle");
    }

    @Test
    void chartsGiveSvgOnRequestAndSaveInBothFormats() throws IOException {
        var chart = Plots.line("loss", new double[] {3, 2, 1});
        assertThat(Display.bundle(chart).mimeTypes()).containsExactly("text/plain", "image/png");
        assertThat(Display.bundle(chart, MimeBundle.SVG).text(MimeBundle.SVG)).contains("<svg");
        Display.save(chart, dir.resolve("loss.svg"));
        Display.save(chart, dir.resolve("loss.png"));
        assertThat(Files.readString(dir.resolve("loss.svg"))).contains("<svg");
        assertThat(Files.readAllBytes(dir.resolve("loss.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Display.as(chart, MimeBundle.SVG).toMimeBundle().mimeTypes())
                .containsExactly("text/plain", "image/svg+xml");
    }

    @Test
    void savingInAFormatTheValueLacksNamesBoth() {
        assertThatThrownBy(() -> Display.save(Tensor.ones(2), dir.resolve("t.png")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Display.save: org.backprop4j.tensor.Tensor cannot be saved as t.png (image/png); it "
                        + "offers [text/plain, text/html]");
        assertThatThrownBy(() -> Display.as(Tensor.ones(2), MimeBundle.SVG)).hasMessage(
                "Display.as: org.backprop4j.tensor.Tensor cannot be shown as image/svg+xml; it offers "
                        + "[text/plain, text/html]");
    }

    @Test
    void htmlOfAValueWithoutHtmlIsAPageOfItsRichestForm() throws IOException {
        Display.save(Heatmap.of(Tensor.eye(3)), dir.resolve("eye.html"));
        assertThat(Files.readString(dir.resolve("eye.html"))).contains("<img src=\"data:image/png;base64,");
    }
}
