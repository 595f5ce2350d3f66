package io.github.usmartkit.error;

/**
 * The local file failed the kit's check before any call to the service (preflight): a CSV that
 * is not UTF-8, whose header has an empty or repeated name, whose rows are not as wide as the
 * header or whose quotes do not balance; a JSON file that does not parse. Nothing was sent.
 * {@link #line()} and {@link #column()} say where (1-based; 0 when the problem has no place).
 */
public class PreflightFailedException extends UploadFailedException {

    private final String file;
    private final long line;
    private final long column;

    public PreflightFailedException(Failure failure, String file, long line, long column) {
        this(failure, null, file, line, column);
    }

    public PreflightFailedException(Failure failure, Throwable cause, String file, long line, long column) {
        super(failure, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    /** The local file checked. */
    public String file() {
        return file;
    }

    /** The line of the problem, 1-based (the header is line 1), or 0. */
    public long line() {
        return line;
    }

    /** The column (character in the line), 1-based, or 0. */
    public long column() {
        return column;
    }
}
