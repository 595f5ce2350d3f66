package io.github.usmartkit.sandbox;

import java.util.Locale;

/** Content type from a file name's extension, as s3:generatePutRequest signs it. */
final class ContentTypes {
    private ContentTypes() {
    }

    static String of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "csv" -> "text/csv";
            case "json" -> "application/json";
            case "geojson" -> "application/geo+json";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "xls" -> "application/vnd.ms-excel";
            case "zip" -> "application/zip";
            case "txt" -> "text/plain";
            default -> "application/octet-stream";
        };
    }
}
