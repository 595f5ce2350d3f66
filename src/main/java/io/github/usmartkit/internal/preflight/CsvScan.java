package io.github.usmartkit.internal.preflight;

import io.github.usmartkit.upload.PreflightReport;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast pass of the CSV preflight: one scan over the file's bytes that accepts a well-formed
 * file and builds its report without making a {@code String} of any value (only of the header's
 * names and of each text column's first text). It follows the rules of the Jackson-based check in
 * {@link Preflight} exactly (strict UTF-8 and a leading byte order mark, fields quoted with
 * {@code "} and {@code ""} inside, CR, LF or CRLF ending a row, blank lines skipped, blanks after
 * a closing quote skipped, every row as wide as the header). It never explains a failure: it
 * returns null for a file it does not accept (or a field longer than its buffer), and the
 * Jackson-based check then reads that file again to name the place and what to do.
 *
 * <p>Why: Jackson's CSV parser makes a {@code String} of every value; with that the check ran at
 * about a third of the speed of the MD5 the upload computes anyway (issue 13).
 */
final class CsvScan {

    /** The most of one field (and of the bytes after it the scan looks at) held at once. */
    static final int BUFFER = 1 << 18;

    private static final int PLAIN = 0;
    private static final int COMMA = 1;
    private static final int LF = 2;
    private static final int CR = 3;
    private static final int QUOTE = 4;
    private static final int HIGH = 5;
    /** What each byte means to the scan of a field; 0 for the bytes that are just text. */
    private static final byte[] KIND = new byte[256];

    static {
        KIND[','] = COMMA;
        KIND['\n'] = LF;
        KIND['\r'] = CR;
        KIND['"'] = QUOTE;
        for (int b = 0x80; b < 0x100; b++) {
            KIND[b] = HIGH;
        }
    }

    /** Eight bytes at a time, for the search of a field's end (the JIT makes this a plain load). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The high bit of each byte of {@code w} that is zero; exact for the lowest such byte (a
     * borrow can only mark bytes above a zero one), which is the only one the search uses.
     */
    private static long zeros(long w) {
        return (w - ONES) & ~w;
    }

    /** The high bit of each byte of {@code w} that ends the text of an unquoted field: {@code , LF CR "} or 0x80 and above. */
    private static long unquotedStops(long w) {
        return (zeros(w ^ (ONES * ',')) | zeros(w ^ (ONES * '\n')) | zeros(w ^ (ONES * '\r')) | zeros(w ^ (ONES * '"')) | w) & HIGHS;
    }

    /** The same for the content of a quoted field: {@code " LF CR} or 0x80 and above. */
    private static long quotedStops(long w) {
        return (zeros(w ^ (ONES * '\n')) | zeros(w ^ (ONES * '\r')) | zeros(w ^ (ONES * '"')) | w) & HIGHS;
    }

    /** Not accepted by the fast pass: the Jackson-based check decides (and names the place). */
    private static final class Refused extends Exception {
        Refused() {
            super(null, null, false, false);
        }
    }

    private static final Refused REFUSED = new Refused();

    private final InputStream in;
    /** Eight bytes more than it fills, so that a number check may always read eight bytes from a value's start. */
    private final byte[] buf = new byte[BUFFER + 8];
    private int pos;
    private int end;
    private boolean eof;
    /** Where the current field starts in {@link #buf}: kept when the buffer is refilled. */
    private int mark;
    /** Where the current quoted field's content starts in {@link #buf}. */
    private int contentStart;

    private long line = 1;
    private final List<String> header = new ArrayList<>();
    private int width = -1;
    private boolean[] text;
    private boolean[] value;
    private String[] firstText;
    private long rows;

    private CsvScan(InputStream in) {
        this.in = in;
    }

    /**
     * The report of a well-formed CSV read from {@code in}, or null if the fast pass does not
     * accept it (then the Jackson-based check must read it).
     */
    static PreflightReport scan(InputStream in, String file, long size) throws IOException {
        CsvScan s = new CsvScan(in);
        try {
            s.run();
        } catch (Refused r) {
            return null;
        }
        List<String> numeric = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < s.width; i++) {
            if (s.text[i]) {
                texts.put(s.header.get(i), s.firstText[i]);
            } else if (s.value[i]) {
                numeric.add(s.header.get(i));
            }
        }
        return new PreflightReport(file, "csv", size, s.rows, s.header, numeric, texts);
    }

    private void run() throws IOException, Refused {
        fill();
        if (end - pos >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
        }
        if (!available(1)) {
            throw REFUSED; // no header line
        }
        while (row()) {
            // one row at a time
        }
        if (width < 0) {
            throw REFUSED;
        }
    }

    /** Reads one row; false at the end of the input (no row started). */
    private boolean row() throws IOException, Refused {
        mark = pos;
        if (!available(1)) {
            return false;
        }
        long rowLine = line;
        int field = 0;
        boolean firstEmpty = false;
        while (true) {
            mark = pos;
            boolean rowEnds;
            boolean empty;
            if (!available(1)) {
                // the input ends after a separator: an empty last field
                empty = true;
                rowEnds = true;
                value(field, mark, mark, false, rowLine);
            } else if (buf[pos] == '"') {
                pos++;
                contentStart = pos;
                boolean doubled = quoted();
                int contentEnd = pos - 1;
                empty = contentEnd == contentStart;
                value(field, contentStart, contentEnd, doubled, rowLine); // before reading on moves the buffer
                rowEnds = afterClosingQuote();
            } else {
                rowEnds = unquoted();
                empty = pos == mark;
                value(field, mark, pos, false, rowLine);
            }
            if (field == 0) {
                firstEmpty = empty;
            }
            field++;
            if (rowEnds) {
                lineEnd();
                break;
            }
            pos++; // the separator
        }
        endRow(field, firstEmpty);
        return true;
    }

    /** Scans an unquoted field up to its separator or line end (left unread); true if the row ends with it. */
    private boolean unquoted() throws IOException, Refused {
        while (true) {
            byte[] b = buf;
            int p = pos;
            int e = end;
            while (p + 8 <= e) {
                long m = unquotedStops((long) LONGS.get(b, p));
                if (m != 0) {
                    p += Long.numberOfTrailingZeros(m) >>> 3;
                    break;
                }
                p += 8;
            }
            while (p < e && KIND[b[p] & 0xFF] == PLAIN) {
                p++;
            }
            pos = p;
            if (p == e) {
                if (!refill()) {
                    return true; // the input ends with this field
                }
                continue;
            }
            switch (KIND[b[p] & 0xFF]) {
                case COMMA:
                    return false;
                case LF:
                case CR:
                    return true;
                case QUOTE:
                    throw REFUSED; // a quote inside an unquoted field
                default:
                    utf8();
            }
        }
    }

    /** Scans a quoted field's content, its opening quote read, up to just after its closing quote; true if it held a doubled quote. */
    private boolean quoted() throws IOException, Refused {
        boolean doubled = false;
        while (true) {
            byte[] b = buf;
            int p = pos;
            int e = end;
            int k = 0;
            while (p + 8 <= e) {
                long m = quotedStops((long) LONGS.get(b, p));
                if (m != 0) {
                    p += Long.numberOfTrailingZeros(m) >>> 3;
                    break;
                }
                p += 8;
            }
            while (p < e && (k = KIND[b[p] & 0xFF]) <= COMMA) {
                p++;
            }
            pos = p;
            if (p == e) {
                if (!refill()) {
                    throw REFUSED; // never closed
                }
                continue;
            }
            switch (k) {
                case QUOTE:
                    pos++;
                    if (available(1) && buf[pos] == '"') {
                        pos++;
                        doubled = true;
                        continue;
                    }
                    return doubled;
                case LF:
                    pos++;
                    line++;
                    break;
                case CR:
                    pos++;
                    if (available(1) && buf[pos] == '\n') {
                        pos++;
                    }
                    line++;
                    break;
                default:
                    utf8();
            }
        }
    }

    /**
     * After a closing quote: blanks (any character up to a space, but a line end) are skipped, as
     * Jackson's parser does; then a separator (left unread; false) or a line end or the input's end (true).
     */
    private boolean afterClosingQuote() throws IOException, Refused {
        while (available(1)) {
            int c = buf[pos];
            if (c == ',') {
                return false;
            }
            if (c == '\r' || c == '\n') {
                return true;
            }
            if (c < 0 || c > ' ') {
                throw REFUSED; // text after a closing quote
            }
            pos++;
        }
        return true;
    }

    /** Consumes the line end at {@link #pos}, if any (CR, LF or CRLF), counting the line. */
    private void lineEnd() throws IOException, Refused {
        if (!available(1)) {
            return;
        }
        byte c = buf[pos];
        if (c == '\n') {
            pos++;
            line++;
        } else if (c == '\r') {
            pos++;
            if (available(1) && buf[pos] == '\n') {
                pos++;
            }
            line++;
        }
    }

    /** Checks the UTF-8 sequence starting at {@link #pos} (a byte of 0x80 or more) and steps over it. */
    private void utf8() throws IOException, Refused {
        int b0 = buf[pos] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            if (b0 == 0xE0) {
                lo = 0xA0; // no overlong forms
            } else if (b0 == 0xED) {
                hi = 0x9F; // no surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            if (b0 == 0xF0) {
                lo = 0x90;
            } else if (b0 == 0xF4) {
                hi = 0x8F; // nothing above U+10FFFF
            }
        } else {
            throw REFUSED;
        }
        if (!available(n)) {
            throw REFUSED; // cut short by the end of the input
        }
        int b1 = buf[pos + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            throw REFUSED;
        }
        for (int i = 2; i < n; i++) {
            int bi = buf[pos + i] & 0xFF;
            if (bi < 0x80 || bi > 0xBF) {
                throw REFUSED;
            }
        }
        pos += n;
    }

    /** A field's value, {@code buf[from, to)} (a quoted field's content, its {@code ""} still doubled when {@code doubled}). */
    private void value(int field, int from, int to, boolean doubled, long rowLine) {
        if (width < 0) {
            String name = text(from, to, doubled);
            header.add(field == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name);
        } else if (field < width && to > from) {
            value[field] = true;
            if (!text[field] && (doubled || !Numbers.isNumber(buf, from, to))) {
                text[field] = true;
                String v = text(from, to, doubled);
                firstText[field] = "line " + rowLine + ": \"" + (v.length() > 40 ? v.substring(0, 39) + "…" : v) + "\"";
            }
        }
    }

    private String text(int from, int to, boolean doubled) {
        String s = new String(buf, from, to - from, StandardCharsets.UTF_8);
        return doubled ? s.replace("\"\"", "\"") : s;
    }

    private void endRow(int fields, boolean firstEmpty) throws Refused {
        if (width < 0) {
            if (header.size() == 1 && header.get(0).isBlank()) {
                throw REFUSED; // the first line is empty
            }
            Set<String> seen = new HashSet<>();
            for (String h : header) {
                if (h.isBlank() || !seen.add(h)) {
                    throw REFUSED;
                }
            }
            width = header.size();
            text = new boolean[width];
            value = new boolean[width];
            firstText = new String[width];
        } else if (fields == 1 && firstEmpty) {
            return; // a blank line: skipped, as readers of CSV do
        } else if (fields != width) {
            throw REFUSED;
        } else {
            rows++;
        }
    }

    /** Whether {@code n} bytes from {@link #pos} are in the buffer, refilling it if need be. */
    private boolean available(int n) throws IOException, Refused {
        while (end - pos < n) {
            if (!refill()) {
                return false;
            }
        }
        return true;
    }

    private void fill() throws IOException {
        while (end < BUFFER && !eof) {
            int r = in.read(buf, end, BUFFER - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
    }

    /**
     * Reads more, keeping the current field (from {@link #mark}); false at the end of the input.
     * A field that fills the whole buffer is left to the Jackson-based check.
     */
    private boolean refill() throws IOException, Refused {
        if (eof) {
            return false;
        }
        if (mark > 0) {
            System.arraycopy(buf, mark, buf, 0, end - mark);
            pos -= mark;
            end -= mark;
            contentStart -= mark;
            mark = 0;
        } else if (end == BUFFER) {
            throw REFUSED;
        }
        int before = end;
        fill();
        return end > before;
    }
}
