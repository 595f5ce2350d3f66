package io.github.usmartkit.internal.bulk;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.github.usmartkit.error.BadRequestException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.UploadFailedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bulk manifest: CSV (UTF-8) with a header naming its columns — {@code datasetGUID},
 * {@code fileGUID}, {@code path}, and optionally {@code pipelineId} — one line a file. A line with
 * a fileGUID replaces that file; one without adds the file to the dataset; a pipelineId makes sure
 * a pipeline of that kind publishes the file. Paths are relative to the manifest's folder. Lines
 * starting with {@code #} and blank lines are skipped.
 *
 * <p>A manifest that cannot be read as a whole (no such file, no header, an unknown column) is
 * refused before anything is done; a bad line is refused on its own (its {@link Entry#problem()}),
 * and the other lines go on.
 */
public final class Manifest {

    /** The columns, by the names the header may give them (case and '-'/'_' do not matter). */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("datasetguid", "datasetGUID"), Map.entry("dataset", "datasetGUID"),
            Map.entry("fileguid", "fileGUID"), Map.entry("file", "fileGUID"),
            Map.entry("path", "path"), Map.entry("file_path", "path"), Map.entry("filepath", "path"),
            Map.entry("pipelineid", "pipelineId"), Map.entry("pipeline_id", "pipelineId"), Map.entry("pipeline", "pipelineId"));

    private static final Pattern GUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** Lines starting with '#' are comments; blank lines are skipped; cells are trimmed. Set on the factory: a parser's own switches come too late. */
    private static final CsvFactory FACTORY = new CsvFactory()
            .enable(CsvParser.Feature.ALLOW_COMMENTS)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES);

    /**
     * One line.
     *
     * @param line       its line number (the header is line 1)
     * @param dataset    the dataset GUID
     * @param file       the file GUID, or null for a file to add
     * @param pathText   the path as written
     * @param path       the path resolved against the manifest's folder, or null if it cannot be
     * @param pipelineId the pipeline asked for, or null
     * @param problem    why the line is refused as it stands, or null
     */
    public record Entry(int line, String dataset, String file, String pathText, Path path, String pipelineId, String problem) {
        /** Whether the line adds a new file (no fileGUID). */
        public boolean adds() {
            return file == null;
        }
    }

    private Manifest() {
    }

    /**
     * Reads a manifest.
     *
     * @throws BadRequestException    if it has no header, lacks a required column or names an unknown one (nothing done)
     * @throws UploadFailedException  if it cannot be read (missing, a folder, not UTF-8)
     */
    public static List<Entry> read(Path manifest) {
        Path dir = manifest.toAbsolutePath().getParent();
        try (InputStream in = Files.newInputStream(manifest);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CsvParser p = FACTORY.createParser(reader)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw refused(manifest, "is empty: it has no header", null);
            }
            List<String> header = new ArrayList<>();
            int[] headerLine = {0};
            List<String> first = row(p, headerLine);
            Map<String, Integer> at = new LinkedHashMap<>();
            for (int i = 0; i < first.size(); i++) {
                String raw = first.get(i) == null ? "" : first.get(i).strip().replace("\uFEFF", "");
                String name = NAMES.get(raw.toLowerCase(Locale.ROOT).replace("-", "_").replace("_guid", "guid"));
                if (name == null) {
                    throw refused(manifest, "names an unknown column '" + raw + "' in its header (line " + headerLine[0] + ")", null);
                }
                if (at.putIfAbsent(name, i) != null) {
                    throw refused(manifest, "names the column " + name + " twice in its header", null);
                }
                header.add(name);
            }
            for (String required : List.of("datasetGUID", "fileGUID", "path")) {
                if (!at.containsKey(required)) {
                    throw refused(manifest, "has no " + required + " column in its header (it has " + String.join(", ", header) + ")", null);
                }
            }
            List<Entry> entries = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                int[] line = {0};
                List<String> cells = row(p, line);
                if (cells.stream().allMatch(c -> c == null)) {
                    continue; // a line of empty cells (",,,"): nothing asked
                }
                entries.add(entry(line[0], cells, at, header.size(), dir, seen));
            }
            return entries;
        } catch (NoSuchFileException e) {
            throw unreadable(manifest, "there is no such file", "Give the path of a CSV manifest");
        } catch (CharacterCodingException e) {
            throw unreadable(manifest, "it is not UTF-8 text", "Save it as UTF-8 (CSV)");
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw unreadable(manifest, "it is not UTF-8 text", "Save it as UTF-8 (CSV)");
            }
            throw unreadable(manifest, Files.isDirectory(manifest) ? "it is a folder" : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), "Give the path of a CSV manifest");
        }
    }

    /** One record's cells; {@code line[0]} is set to the line it starts on (a quoted cell may span lines). */
    private static List<String> row(CsvParser p, int[] line) throws IOException {
        List<String> cells = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (cells.isEmpty()) {
                // the first cell's own location: the record's START_ARRAY reports where the one before ended
                line[0] = p.currentTokenLocation().getLineNr();
            }
            String v = p.getText();
            cells.add(v == null || v.isBlank() ? null : v.strip());
        }
        return cells;
    }

    private static Entry entry(int line, List<String> cells, Map<String, Integer> at, int width, Path dir, Map<String, Integer> seen) {
        String dataset = cell(cells, at.get("datasetGUID"));
        String file = cell(cells, at.get("fileGUID"));
        String pathText = cell(cells, at.get("path"));
        String pipeline = at.containsKey("pipelineId") ? cell(cells, at.get("pipelineId")) : null;
        String problem = null;
        Path path = null;
        if (cells.size() > width && cells.subList(width, cells.size()).stream().anyMatch(c -> c != null)) {
            problem = "the line has " + cells.size() + " cells and the header " + width + " columns";
        } else if (dataset == null) {
            problem = "no datasetGUID";
        } else if (!GUID.matcher(dataset).matches()) {
            problem = "'" + dataset + "' is not a dataset GUID";
        } else if (file != null && !GUID.matcher(file).matches()) {
            problem = "'" + file + "' is not a file GUID (leave fileGUID empty to add the file)";
        } else if (pathText == null) {
            problem = "no path";
        } else if (pathText.indexOf('\uFFFD') >= 0) {
            problem = "the path holds characters that are not UTF-8";
        }
        if (problem == null) {
            try {
                path = dir.resolve(pathText);
            } catch (InvalidPathException e) {
                problem = "the path '" + pathText + "' cannot be represented in this JVM's file-name encoding ("
                        + System.getProperty("sun.jnu.encoding", "unknown") + ", from the locale): run with a UTF-8 locale, e.g. LANG=C.UTF-8";
            }
        }
        if (problem == null) {
            String key = dataset + "|" + (file != null ? file : path.normalize().toString());
            Integer before = seen.putIfAbsent(key, line);
            if (before != null) {
                problem = "it " + (file != null ? "replaces the same file" : "adds the same path to the same dataset") + " as line " + before;
            }
        }
        return new Entry(line, dataset, file, pathText, path, pipeline, problem);
    }

    private static String cell(List<String> cells, Integer i) {
        return i == null || i >= cells.size() ? null : cells.get(i);
    }

    private static BadRequestException refused(Path manifest, String what, Throwable cause) {
        return new BadRequestException(Failure.of("bulk", null, "the manifest " + manifest + " " + what,
                "Give a CSV whose header is datasetGUID,fileGUID,path (and optionally pipelineId); nothing was done"));
    }

    private static UploadFailedException unreadable(Path manifest, String why, String fix) {
        return new UploadFailedException(Failure.of("bulk", null, "cannot read the manifest " + manifest + ": " + why, fix + "; nothing was done"));
    }
}
