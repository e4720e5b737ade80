package org.backprop4j.display;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import tech.tablesaw.api.Table;
import tech.tablesaw.io.html.HtmlWriteOptions;
import tech.tablesaw.io.html.HtmlWriter;

/**
 * A Tablesaw table as text (its own printout) and as an HTML table written by tablesaw-html, headed by its name
 * and size. Tables of more than {@value #MAX_ROWS} rows show their first {@value #HEAD_ROWS}.
 */
final class TableRenderer implements Renderer<Table> {
    static final int MAX_ROWS = 50;
    static final int HEAD_ROWS = 25;

    @Override
    public MimeBundle render(Table table) {
        return MimeBundle.ofText(table.print()).withHtml(html(table));
    }

    static String html(Table table) {
        int rows = table.rowCount();
        boolean cut = rows > MAX_ROWS;
        StringWriter out = new StringWriter();
        try {
            new HtmlWriter().write(cut ? table.first(HEAD_ROWS) : table,
                    HtmlWriteOptions.builder(out).escapeText(true).build());
        } catch (IOException e) {   // declared by the builder; a StringWriter does not fail
            throw new UncheckedIOException("HTML of table '" + table.name() + "'", e);
        }
        String name = table.name() == null || table.name().isBlank() ? "Table" : Html.escape(table.name());
        String size = rows + " row" + (rows == 1 ? "" : "s") + " &times; " + table.columnCount() + " column"
                + (table.columnCount() == 1 ? "" : "s") + (cut ? ", showing the first " + HEAD_ROWS : "");
        return "<div class=\"backprop4j-table\"><div style=\"font-family:monospace;margin-bottom:2px\"><b>" + name
                + "</b> " + size + "</div>" + out + "</div>";
    }
}
