package io.github.usmartkit.internal.preflight;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.PreflightFailedException;
import io.github.usmartkit.error.UploadFailedException;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.upload.PreflightReport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check of a file before any call to the service. A CSV is streamed once through a fast scan of
 * its bytes ({@link CsvScan}) and, if that does not accept it, again through Jackson's CSV parser
 * over a strict UTF-8 decoder, which names the fault (memory stays flat whatever its size): valid UTF-8 (a
 * byte order mark is fine), a header without empty or repeated names, every row as wide as the
 * header, quotes balanced and only around whole fields; rows are counted and each column's
 * values are classed as numeric or text. JSON and GeoJSON are parsed; other files pass. The rules
 * are RFC 4180's, which is what uSmart's pipelines (and the sandbox's) parse: a file that passes
 * here does not fail there for its form.
 */
public final class Preflight {

    private static final CsvFactory CSV = CsvFactory.builder().build();

    private Preflight() {
    }

    /**
     * Checks {@code path} as the format its {@code name} says ({@code .csv}, {@code .json},
     * {@code .geojson}; anything else passes unchecked).
     *
     * @param action the write the check is for (for the exception), e.g. {@code file:updateRevision}
     * @param guid   the dataset or file concerned, or null
     * @throws PreflightFailedException naming the line, the column and what to do
     * @throws UploadFailedException if the file cannot be read
     */
    public static PreflightReport check(Path path, String name, String action, String guid) {
        String format = formatOf(name);
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
        if (size == 0) {
            return new PreflightReport(path.getFileName().toString(), format.equals("csv") ? "csv" : format, 0,
                    format.equals("csv") ? 0L : null, List.of(), List.of(), Map.of());
        }
        return switch (format) {
            case "csv" -> csv(path, size, action, guid);
            case "json", "geojson" -> json(path, size, format, action, guid);
            default -> new PreflightReport(path.getFileName().toString(), "other", size, null, List.of(), List.of(), Map.of());
        };
    }

    /** The format a file name says: {@code csv}, {@code json}, {@code geojson}, or {@code other}. */
    public static String formatOf(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".csv")) {
            return "csv";
        }
        if (n.endsWith(".geojson")) {
            return "geojson";
        }
        return n.endsWith(".json") ? "json" : "other";
    }

    /**
     * The fast pass over the bytes ({@link CsvScan}); a file it does not accept is read again by
     * Jackson's CSV parser, which names the place of the fault (or, should the fast pass have
     * been stricter than it, accepts it).
     */
    private static PreflightReport csv(Path path, long size, String action, String guid) {
        separators(path, action, guid);
        try (InputStream in = Files.newInputStream(path)) {
            PreflightReport fast = CsvScan.scan(in, path.getFileName().toString(), size);
            if (fast != null) {
                return fast;
            }
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
        return csvWithJackson(path, size, action, guid);
    }

    /** One CSV pass through Jackson's parser over a strict UTF-8 reader: the rules, and the places of faults. */
    static PreflightReport csvWithJackson(Path path, long size, String action, String guid) {
        String file = path.getFileName().toString();
        Utf8Reader reader;
        try {
            reader = new Utf8Reader(Files.newInputStream(path));
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
        List<String> header = new ArrayList<>();
        long rows = 0;
        long lastLine = 1;
        try (reader; CsvParser p = CSV.createParser(reader)) {
            int width = -1;
            boolean[] text = null;
            boolean[] value = null;
            String[] firstText = null;
            int field = 0;
            boolean firstEmpty = false;
            long rowLine = 1;
            long extraColumn = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    field = 0;
                    extraColumn = 0;
                } else if (t == JsonToken.VALUE_STRING) {
                    String v = p.getText();
                    if (field == 0) {
                        JsonLocation at = p.currentTokenLocation();
                        rowLine = at.getLineNr();
                        lastLine = rowLine;
                        firstEmpty = v.isEmpty();
                    }
                    if (v.indexOf('"') >= 0) {
                        JsonLocation at = p.currentTokenLocation();
                        // The parser accepts a bare quote inside an unquoted field; RFC 4180 (and the pipelines) do not.
                        int first = reader.charAt(at.getCharOffset());
                        if (first != -1 && first != '"') {
                            throw malformed(file, at.getLineNr(), at.getColumnNr(), "a quote inside an unquoted field",
                                    "Put the whole field in quotes and double the quote inside it (\"say \"\"hi\"\"\")", action, guid);
                        }
                    }
                    if (width < 0) {
                        header.add(field == 0 && v.startsWith("\uFEFF") ? v.substring(1) : v);
                    } else if (field < width) {
                        if (!v.isEmpty()) {
                            value[field] = true;
                            if (!text[field] && !Numbers.isNumber(v)) {
                                text[field] = true;
                                firstText[field] = "line " + rowLine + ": \"" + (v.length() > 40 ? v.substring(0, 39) + "…" : v) + "\"";
                            }
                        }
                    } else if (field == width) {
                        extraColumn = p.currentTokenLocation().getColumnNr();
                    }
                    field++;
                } else if (t == JsonToken.END_ARRAY) {
                    if (width < 0) {
                        checkHeader(header, file, action, guid);
                        width = header.size();
                        text = new boolean[width];
                        value = new boolean[width];
                        firstText = new String[width];
                    } else if (field == 1 && firstEmpty) {
                        continue; // a blank line: skipped, as readers of CSV do
                    } else if (field != width) {
                        long col = field > width ? extraColumn : p.currentTokenLocation().getColumnNr();
                        throw malformed(file, rowLine, col, "the row has " + field + " field(s) but the header has " + width,
                                field > width ? "Quote fields that contain a comma (\"Leith, North\"), or remove the extra "
                                        + (field - width) + " field(s)"
                                        : "Add the missing " + (width - field) + " field(s) (empty ones are fine: a,,c), or quote a field"
                                        + " that holds a line break", action, guid);
                    } else {
                        rows++;
                    }
                }
            }
            if (width < 0) {
                throw malformed(file, 1, 1, "there is no header line", "A CSV needs a header line naming its columns", action, guid);
            }
            List<String> numeric = new ArrayList<>();
            Map<String, String> texts = new LinkedHashMap<>();
            for (int i = 0; i < width; i++) {
                if (text[i]) {
                    texts.put(header.get(i), firstText[i]);
                } else if (value[i]) {
                    numeric.add(header.get(i));
                }
            }
            return new PreflightReport(file, "csv", size, rows, header, numeric, texts);
        } catch (Utf8Reader.Malformed m) {
            long[] at = place(path, m.offset);
            throw malformed(file, at[0], at[1], "the bytes at offset " + m.offset + " are not UTF-8 text",
                    "Save the file as \"CSV UTF-8\" (Excel: File > Save As > CSV UTF-8; LibreOffice: Character set Unicode (UTF-8))",
                    action, guid);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (m.startsWith("Missing closing quote")) {
                JsonLocation open = currentToken(e);
                long line = open != null ? open.getLineNr() : lastLine;
                long col = open != null ? open.getColumnNr() : 0;
                throw malformed(file, line, col, "a quoted field opened here is never closed",
                        "Close the quote, or double a quote meant as text inside a quoted field (\"\")", action, guid);
            }
            if (m.startsWith("Unexpected character") && m.contains("column separator")) {
                throw malformed(file, at.getLineNr(), at.getColumnNr(), "text after a closing quote",
                        "Put the whole field in quotes and double the quotes inside it", action, guid);
            }
            throw malformed(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "the CSV cannot be parsed: " + m, "Fix the file at that place", action, guid);
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
    }

    private static JsonLocation currentToken(JsonProcessingException e) {
        Object source = e.getProcessor();
        return source instanceof JsonParser p ? p.currentTokenLocation() : null;
    }

    private static void checkHeader(List<String> header, String file, String action, String guid) {
        if (header.size() == 1 && header.get(0).isBlank()) {
            throw malformed(file, 1, 1, "the first line is empty", "Put the header line (the column names) first", action, guid);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isBlank()) {
                throw malformed(file, 1, column(header, i), "column " + (i + 1) + " of the header has no name",
                        "Name every column in the header line", action, guid);
            }
            Integer before = seen.putIfAbsent(h, i);
            if (before != null) {
                throw malformed(file, 1, column(header, i), "the column name '" + h + "' appears twice (columns " + (before + 1)
                        + " and " + (i + 1) + ")", "Give each column its own name", action, guid);
            }
        }
    }

    /**
     * Refuses a file whose header line has no comma but semicolons or tabs (unquoted): a file
     * saved with another separator (Excel does so in locales whose decimal mark is a comma) would
     * otherwise be published as one column, or refused at its first decimal comma with a count of
     * fields that does not say why. Looks at the first line only (up to 64 KiB).
     */
    private static void separators(Path path, String action, String guid) {
        byte[] head = new byte[64 * 1024];
        int n = 0;
        try (InputStream in = Files.newInputStream(path)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
        int from = n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        int semicolons = 0;
        int tabs = 0;
        int end = from;
        for (; end < n && head[end] != '\n' && head[end] != '\r'; end++) {
            byte b = head[end];
            if (b == ',' || b == '"') {
                return; // comma-separated, or a quoted name that may hold anything: the CSV check decides
            }
            semicolons += b == ';' ? 1 : 0;
            tabs += b == '\t' ? 1 : 0;
        }
        if (semicolons == 0 && tabs == 0) {
            return;
        }
        boolean semi = semicolons >= tabs;
        String line = new String(head, from, Math.min(end - from, 240), java.nio.charset.StandardCharsets.UTF_8);
        String shown = (line.length() > 60 ? line.substring(0, 59) + "…" : line).replace("\t", "\\t");
        throw malformed(path.getFileName().toString(), 1, 1, "the header line \"" + shown + "\" has no comma but " + (semi
                        ? semicolons + " semicolon(s)" : tabs + " tab(s)") + ": the file looks " + (semi ? "semicolon" : "tab")
                        + "-separated, and a CSV for uSmart is comma-separated", "Save it with commas between fields and points as"
                        + " decimal marks (LibreOffice: Field delimiter ','; Excel uses the system's list separator)", action, guid);
    }

    /** The 1-based character column where header field {@code i} starts (unquoted names). */
    private static long column(List<String> header, int i) {
        long c = 1;
        for (int k = 0; k < i; k++) {
            c += header.get(k).length() + 1;
        }
        return c;
    }

    /** Line and column (1-based) of a byte offset: counts line feeds before it (a 0x0A byte is never inside a UTF-8 sequence). */
    static long[] place(Path path, long offset) {
        long line = 1;
        long lineStart = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            for (long i = 0; i < offset; i++) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
        } catch (IOException e) {
            return new long[] {0, 0};
        }
        long column = 1;
        try (InputStream in = Files.newInputStream(path)) {
            in.skipNBytes(lineStart);
            byte[] prefix = in.readNBytes((int) Math.min(Integer.MAX_VALUE, offset - lineStart));
            column += StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(prefix)).length();
        } catch (IOException e) {
            column = offset - lineStart + 1;
        }
        return new long[] {line, column};
    }

    private static PreflightReport json(Path path, long size, String format, String action, String guid) {
        String file = path.getFileName().toString();
        try (InputStream in = Files.newInputStream(path); JsonParser p = Json.parser(in)) {
            JsonToken first = p.nextToken();
            if (format.equals("geojson") && first != JsonToken.START_OBJECT) {
                throw malformed(file, 1, 1, "GeoJSON must be one JSON object (a FeatureCollection, a Feature or a geometry)",
                        "Export the file as GeoJSON", action, guid);
            }
            p.skipChildren();
            JsonToken more = p.nextToken();
            if (more != null) {
                JsonLocation at = p.currentTokenLocation();
                throw malformed(file, at.getLineNr(), at.getColumnNr(), "more than one JSON value: something follows the end of the first",
                        "Keep one JSON value (wrap several in an array)", action, guid);
            }
            return new PreflightReport(file, format, size, null, List.of(), List.of(), Map.of());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw malformed(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "the " + format.toUpperCase(Locale.ROOT) + " does not parse: " + e.getOriginalMessage(),
                    "Fix the file at that place (a JSON validator shows the same place)", action, guid);
        } catch (IOException e) {
            throw unreadable(path, action, guid, e);
        }
    }

    private static PreflightFailedException malformed(String file, long line, long column, String what, String whatToDo,
                                                      String action, String guid) {
        String where = line > 0 ? file + " line " + line + (column > 0 ? ", column " + column : "") : file;
        return new PreflightFailedException(Failure.of(action, guid, "upload refused before contacting the service: " + where
                + ": " + what, whatToDo + "; nothing was sent"), file, line, column);
    }

    private static UploadFailedException unreadable(Path path, String action, String guid, IOException e) {
        return new UploadFailedException(Failure.of(action, guid, "upload refused before contacting the service: "
                + path.toAbsolutePath() + " could not be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                "Check the file and its permissions; nothing was sent"), e);
    }
}
