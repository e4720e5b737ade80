package org.backprop4j.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ProgressAndTableTest {
    @Test
    void progressShowsABarInTextAndHtml() {
        Progress p = Progress.of("epochs", 4).step().withDetail("loss <0.5>");
        MimeBundle b = p.toMimeBundle();
        assertThat(b.plainText()).isEqualTo("epochs [########......................] 1/4  loss <0.5>");
        assertThat(b.text(MimeBundle.HTML)).contains("width:25.0%").contains("loss &lt;0.5&gt;").contains(">1/4<");
        assertThat(p.withDone(4).step().done()).isEqualTo(4);
        assertThat(p.fraction()).isEqualTo(0.25);
    }

    @Test
    void progressRefusesImpossibleCounts() {
        assertThatThrownBy(() -> Progress.of("x", 0)).hasMessage(
                "Progress 'x': need 0 <= done <= total and total >= 1, got done 0, total 0");
        assertThatThrownBy(() -> Progress.of("x", 3).withDone(4)).hasMessageContaining("got done 4, total 3");
    }

    @Test
    void tablesRenderAsEscapedHtmlWithTheirSize() {
        Table t = Table.create("iris", DoubleColumn.create("length", 5.1, 4.9), StringColumn.create("kind", "<a>", "b"));
        MimeBundle b = Display.bundle(t);
        assertThat(b.plainText()).contains("iris").contains("length");
        assertThat(b.text(MimeBundle.HTML)).contains("<b>iris</b> 2 rows &times; 2 columns").contains("<th>length</th>")
                .contains("&lt;a&gt;").doesNotContain("<a>");
    }

    @Test
    void longTablesShowTheirFirstRows() {
        double[] values = new double[120];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        String html = Display.bundle(Table.create("t", DoubleColumn.create("v", values))).text(MimeBundle.HTML);
        assertThat(html).contains("120 rows &times; 1 column, showing the first 25");
        assertThat(html.split("<tr>", -1).length - 1).isEqualTo(26);   // the header row and 25 rows
    }
}
