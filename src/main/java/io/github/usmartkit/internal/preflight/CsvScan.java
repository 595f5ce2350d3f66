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
 * about a third of the speed of the MD5 the upload computes anyway (issue 13). How: 64 bytes at a
 * time, eight words, it makes a mask of the bytes that end an unquoted field or need a look of
 * their own ({@link #stops}) and steps from one to the next; a field's value is then told numeric
 * or not eight bytes at a time ({@link Numbers#isNumber(byte[], int, int)}); quoted fields, line
 * ends at the buffer's end and UTF-8 sequences are read on their own, and the mask goes on after them.
 */
final class CsvScan {

    /** The most of one field (and of the bytes after it the scan looks at) held at once. */
    static final int BUFFER = 1 << 18;

    /**
     * The bytes one mask of stops covers: eight words, one bit a byte. The scan of the usual
     * field (short, unquoted, ASCII) is then a step from one set bit to the next, with no loop of
     * its own whose exit the processor must guess at every field (which is what cost most before).
     */
    private static final int BLOCK = 64;

    /** The most one read asks for (see {@link #fill}). */
    static final int READ = 1 << 16;

    private static final int COMMA = 1;
    private static final int LF = 2;
    private static final int CR = 3;
    private static final int QUOTE = 4;
    private static final int HIGH = 5;
    /** What each byte means to the scan of a quoted field; 0 for the bytes that are just text. */
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

    /** Eight bytes at a time (the JIT makes this a plain load). */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    /** Multiplying the high bits of a word, shifted to each byte's lowest bit, by this gathers them into its top byte. */
    private static final long GATHER = 0x0102040810204080L;

    /**
     * The high bit of each byte of {@code w} that is zero; exact for the lowest such byte (a
     * borrow can only mark bytes above a zero one), which is the only one the search uses.
     */
    private static long zeros(long w) {
        return (w - ONES) & ~w;
    }

    /** The same for the content of a quoted field: {@code " LF CR} or 0x80 and above. */
    private static long quotedStops(long w) {
        return (zeros(w ^ (ONES * '\n')) | zeros(w ^ (ONES * '\r')) | zeros(w ^ (ONES * '"')) | w) & HIGHS;
    }

    /**
     * The stops of the {@link #BLOCK} bytes from {@code b[at]}, bit i for {@code b[at + i]}: the
     * bytes that stop the scan of an unquoted field, {@code , "}, a control character (below a
     * space: LF and CR, and the rest, which are stepped over as text; one test for all costs less
     * than one for each of LF and CR) or 0x80 and above. Exact for every byte, not only the
     * lowest: on the low seven bits {@code x} of a byte, {@code x + 0x7F} has its high bit set
     * exactly when {@code x} is not zero, {@code x + 0x60} exactly when {@code x} is a space or
     * above, and no byte carries into the next. (One method with the words in a loop: the JIT
     * unrolls it, where a method for a word was left a call.)
     */
    private static long stops(byte[] b, int at) {
        long m = 0;
        for (int i = 0; i < BLOCK; i += 8) {
            long w = (long) LONGS.get(b, at + i);
            long x = w & LOWS;
            long others = ((x ^ (ONES * ',')) + LOWS) & ((x ^ (ONES * '"')) + LOWS) & (x + ONES * (0x80 - ' '));
            long stops = (~others | w) & HIGHS;
            m |= (((stops >>> 7) * GATHER) >>> 56) << i;
        }
        return m;
    }

    /** Not accepted by the fast pass: the Jackson-based check decides (and names the place). */
    private static final class Refused extends Exception {
        Refused() {
            super(null, null, false, false);
        }
    }

    private static final Refused REFUSED = new Refused();

    /** A column's values so far: none (0), only numbers, or a text among them. */
    private static final byte NUMBERS = 1;
    private static final byte TEXT = 2;

    private final InputStream in;
    /** The most it fills, {@link #BUFFER} but in tests. */
    private final int capacity;
    /**
     * A block more than it fills: the mask of the last block and a number check (eight bytes from
     * a value's start) may read past the end (what they read there is not looked at).
     */
    private final byte[] buf;
    /** Where the scan goes on: the start of the next block (or of a field, a quoted one's quote). */
    private int pos;
    private int end;
    private boolean eof;
    /** Where the current field starts in {@link #buf}: kept when the buffer is refilled. */
    private int mark;
    /** Where the current quoted field's content starts in {@link #buf}. */
    private int contentStart;
    /** How often the buffer was refilled: a block's mask holds while this stays. */
    private int refills;

    private long line = 1;
    /** The line the current row starts on. */
    private long rowLine = 1;
    /** The current field's index in its row. */
    private int field;
    private final List<String> header = new ArrayList<>();
    private int width = -1;
    private byte[] seen;
    private String[] firstText;
    private long rows;

    private CsvScan(InputStream in, int capacity) {
        this.in = in;
        this.capacity = capacity;
        this.buf = new byte[capacity + BLOCK];
    }

    /**
     * The report of a well-formed CSV read from {@code in}, or null if the fast pass does not
     * accept it (then the Jackson-based check must read it).
     */
    static PreflightReport scan(InputStream in, String file, long size) throws IOException {
        return scan(in, file, size, BUFFER);
    }

    /** {@link #scan(InputStream, String, long)} holding at most {@code capacity} bytes (tests make it small, to refill often). */
    static PreflightReport scan(InputStream in, String file, long size, int capacity) throws IOException {
        if (capacity < 2 * BLOCK) {
            throw new IllegalArgumentException("a buffer of at least " + 2 * BLOCK + " bytes");
        }
        CsvScan s = new CsvScan(in, capacity);
        try {
            s.run();
        } catch (Refused r) {
            return null;
        }
        List<String> numeric = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < s.width; i++) {
            if (s.seen[i] == TEXT) {
                texts.put(s.header.get(i), s.firstText[i]);
            } else if (s.seen[i] == NUMBERS) {
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
        mark = pos;
        scanAll();
        if (width < 0) {
            throw REFUSED;
        }
    }

    /**
     * The whole input, a buffer at a time ({@link #blocks}); the input's end ends the last row, if
     * one started (after a separator: an empty last field).
     */
    private void scanAll() throws IOException, Refused {
        while (true) {
            if (end - pos < BLOCK && !eof) {
                refill();
            } else if (pos < end) {
                blocks();
            } else {
                break;
            }
        }
        if (field > 0 || mark < end) {
            value(field, mark, end, false);
            endRow(field + 1, false);
        }
    }

    /**
     * Scans the buffer from {@link #pos} a block at a time while a whole block is in it (at the
     * end of the input, what is left), then returns for a refill. Each stop in a block ends an
     * unquoted field (a comma or a line end), or is looked at on its own (a quote opening a field,
     * a CR, the first byte of a UTF-8 sequence), after which the scan goes on where that one ended.
     * Called once a buffer rather than once a file, so that the JIT compiles it as a method, with
     * the hot state in registers, rather than swapping it in mid-loop.
     */
    private void blocks() throws IOException, Refused {
        byte[] b = buf;
        int e = end;
        int q = pos;
        int f = field;
        int mk = mark;
        blocks:
        while (true) {
            int left = e - q;
            if (left < BLOCK && (!eof || left <= 0)) {
                break;
            }
            long m = stops(b, q);
            if (left < BLOCK) {
                m &= (1L << left) - 1;
            }
            while (m != 0) {
                int p = q + Long.numberOfTrailingZeros(m);
                int c = b[p];
                int next;
                if (c == ',') {
                    value(f, mk, p, false);
                    f++;
                    mk = p + 1;
                    m &= m - 1;
                    continue;
                } else if (c == '\n') {
                    rowEnd(f, mk, p);
                    f = 0;
                    next = p + 1;
                    mk = next;
                } else if (c == '\r' && p + 1 < e) {
                    rowEnd(f, mk, p);
                    f = 0;
                    next = b[p + 1] == '\n' ? p + 2 : p + 1;
                    mk = next;
                } else if (c < 0 && (p + 4 <= e || eof)) {
                    next = p + utf8(b, p, e); // within the field: the mark stays
                } else if (c >= 0 && c < ' ' && c != '\r') {
                    next = p + 1; // a control character but a line end: text
                } else if (c == '"' && p == mk && (next = quotedInBlock(b, q, e, m, p, f)) > 0) {
                    // a quoted field and the separator or line end after it, all in this block
                    if (b[next - 1] == ',') {
                        f++;
                    } else {
                        f = 0;
                    }
                    mk = next;
                } else {
                    // a quote, or a CR or UTF-8 sequence at the end of the buffer: byte by byte
                    field = f;
                    mark = mk;
                    pos = p;
                    int before = refills;
                    special(c);
                    if (refills != before) {
                        return; // the buffer moved or grew: scanAll goes on from pos
                    }
                    f = field;
                    mk = mark;
                    next = pos;
                }
                if (next - q >= BLOCK) {
                    q = next;
                    continue blocks;
                }
                m &= -1L << (next - q);
            }
            q += Math.min(BLOCK, left);
        }
        pos = q;
        field = f;
        mark = mk;
    }

    /**
     * The usual quoted field, opening at {@code b[p]} in the block at {@code q} whose stops are
     * {@code m}: if its content (no line end, no control character), its closing quote and the
     * separator or line end after that are all in the block, takes its value (and ends the row
     * if a line end follows) and returns where the next field starts; else 0, having changed
     * nothing, and the field is read byte by byte.
     */
    private int quotedInBlock(byte[] b, int q, int e, long m, int p, int field) throws Refused {
        long rest = m & (m - 1);
        boolean doubled = false;
        int close;
        while (true) {
            if (rest == 0) {
                return 0; // it goes on past the block
            }
            close = q + Long.numberOfTrailingZeros(rest);
            int c = b[close];
            if (c == ',') {
                rest &= rest - 1;
            } else if (c == '"') {
                if (close + 1 >= e) {
                    return 0;
                }
                if (b[close + 1] != '"') {
                    break;
                }
                doubled = true;
                rest &= rest - 1;
                rest &= rest - 1; // the second quote, if it is in the block (else none is left: byte by byte)
            } else if (c < 0 && (close + 4 <= e || eof)) {
                int after = close + utf8(b, close, e) - q;
                if (after >= BLOCK) {
                    return 0;
                }
                rest &= -1L << after;
            } else {
                return 0; // a line end or a control character inside, or the buffer's end
            }
        }
        int after = close + 1;
        int c = b[after];
        int next;
        if (c == ',' || c == '\n') {
            next = after + 1;
        } else if (c == '\r' && after + 1 < e) {
            next = b[after + 1] == '\n' ? after + 2 : after + 1;
        } else {
            return 0; // blanks after the closing quote, or the buffer's end
        }
        value(field, p + 1, close, doubled);
        if (c != ',') {
            endRow(field + 1, field == 0 && close == p + 1);
            line++;
            rowLine = line;
        }
        return next;
    }

    /** The unquoted field {@code field} from {@code mark} ending the row at {@code buf[p]} (a line end, not consumed), and the row. */
    private void rowEnd(int field, int mark, int p) throws Refused {
        value(field, mark, p, false);
        endRow(field + 1, field == 0 && p == mark);
        line++;
        rowLine = line;
    }

    /**
     * What a block's scan leaves to the byte by byte one, at {@link #pos}: a quote (a quoted field
     * if it opens the field, else refused), a CR or the start of a UTF-8 sequence at the end of
     * the buffer (the bytes after it are not read yet). Leaves {@link #pos} where the scan goes on.
     */
    private void special(int c) throws IOException, Refused {
        if (c == '"') {
            if (pos != mark) {
                throw REFUSED; // a quote inside an unquoted field
            }
            pos++;
            contentStart = pos;
            boolean doubled = quoted();
            int contentEnd = pos - 1;
            boolean empty = contentEnd == contentStart;
            value(field, contentStart, contentEnd, doubled); // before reading on moves the buffer
            if (afterClosingQuote()) {
                endRow(field + 1, field == 0 && empty);
                lineEnd();
                rowLine = line;
                field = 0;
            } else {
                pos++; // the separator
                field++;
            }
            mark = pos;
        } else if (c == '\r') {
            rowEnd(field, mark, pos);
            field = 0;
            pos++;
            if (available(1) && buf[pos] == '\n') {
                pos++;
            }
            mark = pos;
        } else {
            utf8();
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

    /** Checks the UTF-8 sequence at {@link #pos} (a byte of 0x80 or more), with the bytes after it read, and steps over it. */
    private void utf8() throws IOException, Refused {
        available(4); // at the end of the input, fewer: then utf8 below sees whether the sequence is cut short
        pos += utf8(buf, pos, end);
    }

    /**
     * The length of the UTF-8 sequence at {@code b[p]} (a byte of 0x80 or more), the input's
     * bytes ending at {@code end}: strict (no overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private static int utf8(byte[] b, int p, int end) throws Refused {
        int b0 = b[p] & 0xFF;
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
        if (end - p < n) {
            throw REFUSED; // cut short by the end of the input
        }
        int b1 = b[p + 1] & 0xFF;
        if (b1 < lo || b1 > hi) {
            throw REFUSED;
        }
        for (int i = 2; i < n; i++) {
            int bi = b[p + i] & 0xFF;
            if (bi < 0x80 || bi > 0xBF) {
                throw REFUSED;
            }
        }
        return n;
    }

    /**
     * A field's value, {@code buf[from, to)} (a quoted field's content, its {@code ""} still
     * doubled when {@code doubled}). Small, for the JIT to inline it in the scan: what is seldom
     * done (the header's names, a column's first text) is done apart.
     */
    private void value(int field, int from, int to, boolean doubled) throws Refused {
        if (field >= width) {
            beyondWidth(field, from, to, doubled);
        } else if (to > from && seen[field] != TEXT) {
            if (!doubled && Numbers.isNumber(buf, from, to)) {
                seen[field] = NUMBERS;
            } else {
                firstText(field, from, to, doubled);
            }
        }
    }

    /**
     * A name of the header, or else a field past the header's width: that refuses the row at once
     * (it would be refused at its end anyway).
     */
    private void beyondWidth(int field, int from, int to, boolean doubled) throws Refused {
        if (width >= 0) {
            throw REFUSED;
        }
        String name = text(from, to, doubled);
        header.add(field == 0 && name.startsWith("\uFEFF") ? name.substring(1) : name);
    }

    /** The column's first text, which the report shows. */
    private void firstText(int field, int from, int to, boolean doubled) {
        seen[field] = TEXT;
        String v = text(from, to, doubled);
        firstText[field] = "line " + rowLine + ": \"" + (v.length() > 40 ? v.substring(0, 39) + "…" : v) + "\"";
    }

    private String text(int from, int to, boolean doubled) {
        String s = new String(buf, from, to - from, StandardCharsets.UTF_8);
        return doubled ? s.replace("\"\"", "\"") : s;
    }

    private void endRow(int fields, boolean firstEmpty) throws Refused {
        if (width < 0) {
            endHeader();
        } else if (fields == 1 && firstEmpty) {
            return; // a blank line: skipped, as readers of CSV do
        } else if (fields != width) {
            throw REFUSED;
        } else {
            rows++;
        }
    }

    private void endHeader() throws Refused {
        if (header.size() == 1 && header.get(0).isBlank()) {
            throw REFUSED; // the first line is empty
        }
        Set<String> names = new HashSet<>();
        for (String h : header) {
            if (h.isBlank() || !names.add(h)) {
                throw REFUSED;
            }
        }
        width = header.size();
        seen = new byte[width];
        firstText = new String[width];
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

    /**
     * Reads up to {@link #READ} bytes more (fewer at the end of the input or of the buffer), as
     * the upload's MD5 does: what was just read is then likely still in the processor's cache
     * when it is scanned (the buffer's size only bounds a field). Not measurably faster here on a
     * quiet core, but a smaller share of a cache shared with other work.
     */
    private void fill() throws IOException {
        int until = Math.min(capacity, end + READ);
        while (end < until && !eof) {
            int r = in.read(buf, end, until - end);
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
        } else if (end == capacity) {
            throw REFUSED;
        }
        int before = end;
        refills++;
        fill();
        return end > before;
    }
}
