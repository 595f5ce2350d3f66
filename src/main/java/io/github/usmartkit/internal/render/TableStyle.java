package io.github.usmartkit.internal.render;

import io.github.usmartkit.internal.text.Guids;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The kit's one table style, as text for the terminal and as compact HTML for notebooks, used by
 * every model's {@code toText()}/{@code toHtml()}, by {@code TableView} and by the notebook hooks.
 * Both views show the same rows and columns: at most a given number of rows then "N more rows",
 * empty columns left out, numbers right-aligned with the same decimals down a column. The text
 * view also fits a width (120 columns unless told): GUIDs shortened to their first 8 characters
 * (whole on the command line, {@link #wholeGuids}),
 * long cells cut with an ellipsis, and columns that still do not fit named below the table. The
 * table itself is never changed: it keeps every value in full.
 */
public final class TableStyle {

    /** Rows shown when nothing else is asked for: enough to see the shape, small enough to read. */
    public static final int MAX_ROWS = 10;

    /** Width of the text view unless told otherwise: a common terminal, fits side by side with code. */
    public static final int WIDTH = 120;

    /** The widest a command line's text gets with its GUIDs whole (see {@link #wholeGuids}). */
    static final int WHOLE_WIDTH = 160;

    /** A longer text cell is cut, so that one long value cannot push the other columns away. */
    static final int MAX_CELL = 40;

    /** When fitting the width, a text column is not narrowed below this (nor below its header). */
    static final int MIN_CELL = 12;
    /** Cut no narrower than this while columns can be left out instead (a timestamp, a title's first words). */
    static final int READABLE = 20;

    private static final String GAP = "  ";
    /** How Tablesaw prints a double it has no special formatter for. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?");

    static final String TABLE_STYLE = "border-collapse:collapse;font-size:12px;font-family:sans-serif";
    static final String CELL_STYLE = "border:1px solid #ccc;padding:2px 6px;text-align:left";
    static final String NUMBER_STYLE = "border:1px solid #ccc;padding:2px 6px;text-align:right";
    static final String CAPTION_STYLE = "text-align:left;font-weight:bold;white-space:nowrap";
    static final String MORE_STYLE = "font-size:11px;color:#666;font-style:italic;margin-top:2px";

    /** Set while a command-line command runs: GUIDs are shown whole there (see {@link #wholeGuids}). */
    private static final ThreadLocal<Boolean> WHOLE_GUIDS = ThreadLocal.withInitial(() -> false);

    private TableStyle() {
    }

    /**
     * Runs {@code work} with GUIDs shown whole in every text this thread renders meanwhile. The
     * command line prints for people who copy a GUID from one command into the next
     * ({@code usmart status DATASET} → {@code usmart publish DATASET FILE …}); in JShell and
     * notebooks the table beside the text holds the whole GUID, so short ones keep tables narrow there.
     */
    public static <T> T wholeGuids(java.util.function.Supplier<T> work) {
        boolean before = WHOLE_GUIDS.get();
        WHOLE_GUIDS.set(true);
        try {
            return work.get();
        } finally {
            WHOLE_GUIDS.set(before);
        }
    }

    /** The text view, {@value #WIDTH} columns wide at most. */
    public static String text(Table table, String caption, int maxRows) {
        return text(table, caption, maxRows, WIDTH);
    }

    /**
     * The text view: an optional caption line, the header, a rule, at most {@code maxRows} rows,
     * then "… N more rows" when rows were left out. Lines end without trailing spaces.
     *
     * @param caption shown above the table, or {@code null}
     * @param width   the widest a line may be (narrow tables stay narrow)
     */
    public static String text(Table table, String caption, int maxRows, int width) {
        List<Shown> columns = columns(table, maxRows, true);
        // whole GUIDs get the room they take over short ones, so the same columns show as in JShell
        long whole = columns.stream().filter(Shown::whole).count();
        width = (int) Math.min(Math.max(width, WHOLE_WIDTH), width + whole * (36 - 9));
        int[] w = new int[columns.size()];
        int[] natural = new int[columns.size()];
        for (int i = 0; i < w.length; i++) {
            Shown c = columns.get(i);
            w[i] = c.name.length();
            natural[i] = w[i];
            for (String cell : c.cells) {
                w[i] = Math.max(w[i], Math.min(MAX_CELL, cell.length()));
                natural[i] = Math.max(natural[i], cell.length());
            }
        }
        List<String> dropped = fit(columns, w, width);
        widen(w, natural, columns.size(), width);
        StringBuilder out = new StringBuilder(256);
        if (caption != null && !caption.isBlank()) {
            out.append(caption).append('\n');
        }
        int shown = columns.size();
        if (shown > 0) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < shown; i++) {
                cell(line, columns.get(i).name, w[i], columns.get(i).right, i == shown - 1);
            }
            end(out, line);
            for (int i = 0; i < shown; i++) {
                line.append("-".repeat(w[i])).append(i < shown - 1 ? GAP : "");
            }
            end(out, line);
            for (int r = 0; r < columns.get(0).cells.size(); r++) {
                for (int i = 0; i < shown; i++) {
                    cell(line, columns.get(i).cells.get(r), w[i], columns.get(i).right, i == shown - 1);
                }
                end(out, line);
            }
        }
        long more = table.rowCount() - (long) Math.min(maxRows, table.rowCount());
        if (more > 0) {
            out.append("… ").append(moreRows(more)).append('\n');
        }
        if (!dropped.isEmpty()) {
            out.append(wrap("… " + count(dropped.size(), "more column", "more columns") + " not shown: "
                    + String.join(", ", dropped), width));
        }
        return out.toString();
    }

    /**
     * The HTML view: the same rows and columns as {@link #text}, values in full (GUIDs too), every
     * cell escaped, inline styles only (it renders the same in Jupyter, a saved notebook and a code
     * host's notebook viewer).
     *
     * @param caption shown above the table, or {@code null}
     */
    public static String html(Table table, String caption, int maxRows) {
        List<Shown> columns = columns(table, maxRows, false);
        StringBuilder out = new StringBuilder(512);
        out.append("<div class=\"usmart-table\"><table style=\"").append(TABLE_STYLE).append("\">");
        if (caption != null && !caption.isBlank()) {
            out.append("<caption style=\"").append(CAPTION_STYLE).append("\">").append(Html.escape(caption)).append("</caption>");
        }
        out.append("<thead><tr>");
        for (Shown c : columns) {
            out.append("<th style=\"").append(c.right ? NUMBER_STYLE : CELL_STYLE).append("\">")
                    .append(Html.escape(c.name)).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        int rows = columns.isEmpty() ? 0 : columns.get(0).cells.size();
        for (int r = 0; r < rows; r++) {
            out.append("<tr>");
            for (Shown c : columns) {
                out.append("<td style=\"").append(c.right ? NUMBER_STYLE : CELL_STYLE).append("\">")
                        .append(Html.escape(c.cells.get(r))).append("</td>");
            }
            out.append("</tr>");
        }
        out.append("</tbody></table>");
        long more = table.rowCount() - (long) Math.min(maxRows, table.rowCount());
        if (more > 0) {
            out.append("<div class=\"usmart-more\" style=\"").append(MORE_STYLE).append("\">")
                    .append(moreRows(more)).append("</div>");
        }
        return out.append("</div>").toString();
    }

    /** "1 row" / "N rows". */
    public static String rows(long n) {
        return count(n, "row", "rows");
    }

    /** "1 more row" / "N more rows". */
    public static String moreRows(long n) {
        return count(n, "more row", "more rows");
    }

    /** "1 pipeline" / "2 pipelines": {@code n} and the word that goes with it. */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    /** "name (R rows × C columns)" for a table, or {@code null} when it has no name. */
    public static String caption(Table table) {
        return table.name() == null || table.name().isBlank() ? null
                : table.name() + " (" + rows(table.rowCount()) + " × " + count(table.columnCount(), "column", "columns") + ")";
    }

    /** A GUID as the terminal shows it: its first 8 characters and an ellipsis; anything else unchanged. */
    public static String shortGuid(String value) {
        return value != null && !WHOLE_GUIDS.get() && Guids.isWhole(value) ? value.substring(0, 8) + "…" : value;
    }

    /**
     * A report's sentence for the text view, wrapped at word boundaries to leave room for what
     * prints it in front (JShell's {@code $3 ==> }) within {@link #WIDTH}; no final newline.
     */
    public static String sentence(String text) {
        return wrap(text, WIDTH - 12).stripTrailing();
    }

    /** {@code text} broken into lines of at most {@code width} characters at spaces (a longer word stays whole). */
    public static String wrap(String text, int width) {
        return String.join("\n", lines(text, width, width)) + "\n";
    }

    /**
     * The lines of {@code text} wrapped at spaces: the first at most {@code firstWidth} wide, the
     * others {@code width} (a word longer than that stands alone); each paragraph starts a line.
     */
    public static List<String> lines(String text, int firstWidth, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String paragraph : text.strip().split("\\R")) {
            for (String word : paragraph.strip().split(" +")) {
                int budget = lines.isEmpty() ? firstWidth : width;
                if (line.length() > 0 && line.length() + 1 + word.length() > budget) {
                    lines.add(line.toString());
                    line.setLength(0);
                } else if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
            line.setLength(0);
        }
        return lines;
    }

    /** One column as shown: its name, alignment and the shown rows' cells. */
    private record Shown(String name, boolean right, List<String> cells, boolean whole) {
        Shown(String name, boolean right, List<String> cells) {
            this(name, right, cells, false);
        }
    }

    /** The columns to show (empty ones left out, unless the table has no rows) with their cells formatted. */
    private static List<Shown> columns(Table table, int maxRows, boolean terminal) {
        int rows = Math.max(0, Math.min(maxRows, table.rowCount()));
        List<Shown> out = new ArrayList<>();
        for (Column<?> c : table.columns()) {
            if (table.rowCount() > 0 && c.countMissing() == c.size()) {
                continue; // an empty column says nothing; the table still has it
            }
            out.add(format(c, rows, terminal));
        }
        return out;
    }

    private static Shown format(Column<?> c, int rows, boolean terminal) {
        List<String> cells = new ArrayList<>(rows);
        boolean numeric = c instanceof NumericColumn<?>;
        boolean fractional = (c instanceof DoubleColumn || c instanceof FloatColumn) && plainlyPrinted(c, rows);
        if (fractional) {
            NumericColumn<?> n = (NumericColumn<?>) c;
            int decimals = decimals(n, rows);
            for (int r = 0; r < rows; r++) {
                double v = n.getDouble(r);
                cells.add(n.isMissing(r) ? "" : Double.isInfinite(v) ? Double.toString(v)
                        : String.format(Locale.ROOT, "%." + decimals + "f", v));
            }
        } else {
            boolean guids = terminal && !numeric;
            for (int r = 0; r < rows; r++) {
                String s = c.isMissing(r) ? "" : c.getString(r).replace('\n', ' ').replace('\r', ' ');
                cells.add(s);
                guids &= s.isEmpty() || Guids.isWhole(s);
            }
            if (guids && WHOLE_GUIDS.get()) {
                // never cut to fit: half a GUID is no use to copy; fitting leaves a column out instead
                return new Shown(c.name(), false, cells, true);
            }
            if (guids) {
                cells.replaceAll(TableStyle::shortGuid);
            }
        }
        return new Shown(c.name(), numeric, cells);
    }

    /** Whether Tablesaw prints the column's numbers plainly (no formatter of the user's own, e.g. percentages). */
    private static boolean plainlyPrinted(Column<?> c, int rows) {
        for (int r = 0; r < rows; r++) {
            if (!c.isMissing(r)) {
                return PLAIN_NUMBER.matcher(c.getString(r)).matches();
            }
        }
        return true;
    }

    /**
     * Decimals for a column of numbers: about four significant digits of its largest value, no more
     * than any value needs ({@code 21.2998, 41.814} → {@code 21.30, 41.81}; {@code 11.7, 15} → {@code 11.7, 15.0}).
     */
    static int decimals(NumericColumn<?> n, int rows) {
        double max = 0;
        for (int r = 0; r < rows; r++) {
            double v = n.getDouble(r);
            if (!n.isMissing(r) && Double.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int sensible = max == 0 ? 0 : Math.max(0, Math.min(6, 3 - (int) Math.floor(Math.log10(max))));
        int needed = 0;
        for (int r = 0; r < rows && needed < sensible; r++) {
            double v = n.getDouble(r);
            if (!n.isMissing(r) && Double.isFinite(v)) {
                needed = Math.max(needed, BigDecimal.valueOf(v).setScale(sensible, RoundingMode.HALF_UP).stripTrailingZeros().scale());
            }
        }
        return needed;
    }

    /**
     * Narrows the widest text columns (cutting their cells) until the table fits {@code width},
     * first no narrower than {@link #READABLE} and, when that is not enough, leaves out columns
     * from the right (the leftmost are the ones a table leads with) rather than cut every cell to
     * a stub; only a table that still does not fit goes down to {@link #MIN_CELL}. Returns the
     * names left out. {@link #widen} then gives what is left over back to the cut cells.
     */
    private static List<String> fit(List<Shown> columns, int[] w, int width) {
        narrow(columns, w, width, READABLE);
        List<String> dropped = new ArrayList<>();
        while (columns.size() > 1 && total(w, columns.size()) > width) {
            dropped.add(0, columns.remove(columns.size() - 1).name);
        }
        narrow(columns, w, width, MIN_CELL);
        return dropped;
    }

    private static void narrow(List<Shown> columns, int[] w, int width, int floor) {
        int total = total(w, columns.size());
        while (total > width) {
            int widest = -1;
            for (int i = 0; i < columns.size(); i++) {
                Shown c = columns.get(i);
                if (!c.right && !c.whole && w[i] > Math.max(floor, c.name.length()) && (widest < 0 || w[i] > w[widest])) {
                    widest = i;
                }
            }
            if (widest < 0) {
                return;
            }
            w[widest]--;
            total--;
        }
    }

    /**
     * Gives the width the table does not use to the cells {@link #MAX_CELL} cut, widest need
     * first, so a table of a few columns shows its long text (a report's detail) rather than an
     * ellipsis while the line is half empty.
     */
    private static void widen(int[] w, int[] natural, int columns, int width) {
        int spare = width - total(w, columns);
        while (spare > 0) {
            int most = -1;
            for (int i = 0; i < columns; i++) {
                if (natural[i] > w[i] && (most < 0 || natural[i] - w[i] > natural[most] - w[most])) {
                    most = i;
                }
            }
            if (most < 0) {
                return;
            }
            int give = Math.min(spare, natural[most] - w[most]);
            w[most] += give;
            spare -= give;
        }
    }

    private static int total(int[] w, int columns) {
        int total = 2 * Math.max(0, columns - 1);
        for (int i = 0; i < columns; i++) {
            total += w[i];
        }
        return total;
    }

    private static void cell(StringBuilder line, String value, int width, boolean right, boolean last) {
        String v = value.length() > width ? value.substring(0, width - 1) + "…" : value;
        String pad = " ".repeat(width - v.length());
        line.append(right ? pad + v : v + pad);
        if (!last) {
            line.append(GAP);
        }
    }

    /** Appends {@code line} without trailing spaces (they make copy and paste ugly), then clears it. */
    private static void end(StringBuilder out, StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        out.append(line, 0, end).append('\n');
        line.setLength(0);
    }
}
