package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small streaming RFC 4180 reader: quoted fields with doubled quotes and embedded commas or
 * line breaks; CRLF, LF or a lone CR. Malformed quoting is reported with its line number.
 *
 * <p>It reads through its own buffer and cuts unquoted fields straight out of it, because the
 * read API parses every published row on every request ({@code limit(-1)} of a million rows):
 * a call per character on a synchronised {@code BufferedReader} was most of that time.
 */
final class CsvReader {
    private final Reader in;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private int line = 1;
    private int recordLine = 1;
    private final StringBuilder field = new StringBuilder();
    private final ArrayList<String> fields = new ArrayList<>();

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line on which the record last returned started. */
    int recordLine() {
        return recordLine;
    }

    /** The next record, or {@code null} at the end of input. */
    List<String> next() throws IOException {
        String[] r = nextRecord();
        return r == null ? null : Arrays.asList(r);
    }

    /** The next record as an array, or {@code null} at the end of input. */
    String[] nextRecord() throws IOException {
        if (pos == len && !fill()) {
            return null;
        }
        recordLine = line;
        fields.clear();
        while (true) {
            if (pos == len && !fill()) {
                fields.add(""); // the input ends right after a comma
                return finish();
            }
            int after;
            if (buf[pos] == '"') {
                pos++;
                readQuoted();
                after = pos == len && !fill() ? -1 : buf[pos];
                if (after != -1 && after != ',' && after != '\n' && after != '\r') {
                    throw new CsvFormatException("line " + line + ": text after a closing quote; double the quote inside a quoted field");
                }
            } else {
                after = readUnquoted();
            }
            if (after == -1) {
                return finish();
            }
            pos++;
            if (after == ',') {
                continue;
            }
            if (after == '\r' && (pos < len || fill()) && buf[pos] == '\n') {
                pos++;
            }
            line++;
            return finish();
        }
    }

    /** Reads an unquoted field up to its delimiter (left unread); returns the delimiter, or -1 at the end of input. */
    private int readUnquoted() throws IOException {
        int start = pos;
        int i = pos;
        while (i < len) {
            char c = buf[i];
            if (c == ',' || c == '\n' || c == '\r' || c == '"') {
                break;
            }
            i++;
        }
        if (i < len) {
            if (buf[i] == '"') {
                throw quoteInside(); // not at the start: nextRecord hands a leading quote to readQuoted
            }
            fields.add(new String(buf, start, i - start));
            pos = i;
            return buf[i];
        }
        // the field goes on past the buffer
        field.setLength(0);
        field.append(buf, start, i - start);
        pos = i;
        while (true) {
            if (pos == len && !fill()) {
                fields.add(field.toString());
                return -1;
            }
            char c = buf[pos];
            if (c == ',' || c == '\n' || c == '\r') {
                fields.add(field.toString());
                return c;
            }
            if (c == '"') {
                throw quoteInside();
            }
            field.append(c);
            pos++;
        }
    }

    private CsvFormatException quoteInside() {
        return new CsvFormatException("line " + line + ": a quote inside an unquoted field; quote the whole field and double the quote");
    }

    /** Reads a quoted field whose opening quote was consumed, up to and including its closing quote. */
    private void readQuoted() throws IOException {
        field.setLength(0);
        while (true) {
            if (pos == len && !fill()) {
                throw new CsvFormatException("line " + recordLine + ": a quoted field is never closed");
            }
            int start = pos;
            int i = pos;
            while (i < len) {
                char c = buf[i];
                if (c == '"') {
                    break;
                }
                if (c == '\n') {
                    line++;
                }
                i++;
            }
            field.append(buf, start, i - start);
            pos = i;
            if (i == len) {
                continue;
            }
            pos++;
            if ((pos < len || fill()) && buf[pos] == '"') {
                field.append('"');
                pos++;
                continue;
            }
            fields.add(field.toString());
            return;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        len = Math.max(n, 0);
        return n > 0;
    }

    private String[] finish() {
        return fields.toArray(new String[0]);
    }

    /** Drops a byte order mark (as Excel's "CSV UTF-8" writes one) from the first column name. */
    static void dropBom(List<String> header) {
        if (!header.isEmpty() && header.get(0).startsWith("\uFEFF")) {
            header.set(0, header.get(0).substring(1));
        }
    }

    /** Whether a record is a blank line (one empty field), which readers skip. */
    static boolean blank(List<String> record) {
        return record.size() == 1 && record.get(0).isEmpty();
    }

    /** Whether a record is a blank line (one empty field), which readers skip. */
    static boolean blank(String[] record) {
        return record.length == 1 && record[0].isEmpty();
    }

    /** The CSV cannot be parsed; the message names the line. */
    static final class CsvFormatException extends RuntimeException {
        CsvFormatException(String message) {
            super(message, null, false, false);
        }
    }
}
