package io.github.usmartkit.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A small streaming RFC 4180 reader: quoted fields with doubled quotes and embedded commas or
 * line breaks; CRLF or LF. Malformed quoting is reported with its line number.
 */
final class CsvReader {
    private final Reader in;
    private int line = 1;
    private int recordLine = 1;
    private int pushback = -2;

    CsvReader(Reader in) {
        this.in = in;
    }

    /** The line on which the record last returned started. */
    int recordLine() {
        return recordLine;
    }

    private int read() throws IOException {
        if (pushback != -2) {
            int c = pushback;
            pushback = -2;
            return c;
        }
        return in.read();
    }

    /** The next record, or {@code null} at the end of input. */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new CsvFormatException("line " + recordLine + ": a quoted field is never closed");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == -1 || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        pushback = n;
                    }
                }
                if (c != -1) {
                    line++;
                }
                fields.add(field.toString());
                return fields;
            } else if (c == '"') {
                if (field.length() > 0 || afterQuote) {
                    throw new CsvFormatException("line " + line + ": a quote inside an unquoted field; quote the whole field and double the quote");
                }
                quoted = true;
            } else {
                if (afterQuote) {
                    throw new CsvFormatException("line " + line + ": text after a closing quote; double the quote inside a quoted field");
                }
                field.append((char) c);
            }
            c = read();
        }
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

    /** The CSV cannot be parsed; the message names the line. */
    static final class CsvFormatException extends RuntimeException {
        CsvFormatException(String message) {
            super(message, null, false, false);
        }
    }
}
