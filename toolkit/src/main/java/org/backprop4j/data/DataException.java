package org.backprop4j.data;

/**
 * Bad training data or a bad request for it: a truncated or corrupt file, a missing column, a column of the wrong
 * type, a label out of range, lengths that disagree. The message names the file (or table, or dataset), the field
 * and what was expected; {@link #source()} and {@link #field()} give the first two to code that wants them.
 */
public final class DataException extends RuntimeException {
    private final String source;
    private final String field;

    /**
     * @param source the file, table or dataset, as the user named it
     * @param field the column, header field or parameter at fault, or {@code null} for the whole source
     * @param problem what is wrong and, where it helps, what was expected
     */
    public DataException(String source, String field, String problem) {
        this(source, field, problem, null);
    }

    public DataException(String source, String field, String problem, Throwable cause) {
        super(source + (field == null ? "" : ": " + field) + ": " + problem, cause);
        this.source = source;
        this.field = field;
    }

    /** The file, table or dataset at fault. */
    public String source() {
        return source;
    }

    /** The column, header field or parameter at fault, or {@code null} when the whole source is. */
    public String field() {
        return field;
    }
}
