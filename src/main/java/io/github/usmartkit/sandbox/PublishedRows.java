package io.github.usmartkit.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rows of one publication, read from its CSV one at a time (nothing is kept): each a
 * {@link Row} holding its cells and its position, blank lines skipped as processing skipped them.
 */
final class PublishedRows implements Closeable {
    private final CsvReader csv;
    private final InputStreamReader reader;
    private final RowIds ids;
    private final int width;
    private long next;

    PublishedRows(Path blob, Schema schema, RowIds ids) throws IOException {
        this.reader = new InputStreamReader(Files.newInputStream(blob), StandardCharsets.UTF_8);
        this.csv = new CsvReader(reader);
        this.ids = ids;
        this.width = schema.size();
        csv.nextRecord(); // the header: the schema has the names
    }

    /** The next row, or null at the end. */
    Row next() throws IOException {
        String[] cells;
        do {
            cells = csv.nextRecord();
            if (cells == null) {
                return null;
            }
        } while (CsvReader.blank(cells));
        return new Row(cells, next++, width, ids);
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A published row: its cells as in the CSV ({@code ""} for an empty one) and its position. */
    static final class Row {
        final String[] cells;
        final long index;
        private final int width;
        private final RowIds ids;
        private String id;
        /** how well it matched the query's match() terms, for ranking */
        int score;
        /** sort keys, set when the row is held for sorting ({@link UrqlQuery.Ordering}) */
        double[] keys;

        Row(String[] cells, long index, int width, RowIds ids) {
            this.cells = cells;
            this.index = index;
            this.width = width;
            this.ids = ids;
        }

        /** The cell of a column index from {@link Schema#indexOf}: {@code width} is {@code usmart_id}. */
        String cell(int column) {
            if (column == width) {
                return id();
            }
            return column < cells.length ? cells[column] : "";
        }

        String id() {
            if (id == null) {
                id = ids.id(index);
            }
            return id;
        }

        /** Writes the row's id into {@code out[0..20)} (no String made unless a filter already made one). */
        void writeId(char[] out) {
            if (id != null) {
                id.getChars(0, RowIds.LENGTH, out, 0);
            } else {
                ids.write(index, out);
            }
        }
    }
}
