package io.github.usmartkit.catalog;

/**
 * A distribution (a way to get the data) of a catalogued dataset. Any field may be null. On
 * uSmart (Project Open Data {@code data.json}) a distribution has only {@code title},
 * {@code accessURL} and {@code mediaType}, and is either a dataset's API
 * ({@code title "API"}, {@code …/org/{org}/{resourceContainerGUID}/{revision}/urql}) or one of its
 * files ({@code …/resource?resourceGUID={fileGUID}}, the file's name as title, its media type as
 * uploaded — sometimes a word such as {@code GEOJSON}).
 *
 * @param title       title
 * @param accessUrl   {@code accessURL}
 * @param downloadUrl {@code downloadURL} (other DCAT publishers; uSmart sends none)
 * @param mediaType   {@code mediaType}
 * @param format      {@code format} (other DCAT publishers)
 * @param byteSize    {@code byteSize} (other DCAT publishers)
 * @param kind        whether it is an API, a file or something else (see {@link Kind}); derived from the others
 *                    when made with the six-argument constructor
 */
public record Distribution(String title, String accessUrl, String downloadUrl, String mediaType, String format,
                           Long byteSize, Kind kind) {

    /** What a distribution is: {@link #kind()}. */
    public enum Kind {
        /** a read API: {@code …/{resourceContainerGUID}/{revision}/urql}, or titled "API" */
        API,
        /** a file to download: {@code …/resource?resourceGUID=…}, or any {@code downloadURL} */
        FILE,
        /** anything else (documentation links, pages) */
        OTHER
    }

    public Distribution {
        if (kind == null) {
            kind = kindOf(title, accessUrl, downloadUrl);
        }
    }

    /** A distribution whose kind is told by its URLs and title (see {@link Kind}). */
    public Distribution(String title, String accessUrl, String downloadUrl, String mediaType, String format, Long byteSize) {
        this(title, accessUrl, downloadUrl, mediaType, format, byteSize, null);
    }

    private static Kind kindOf(String title, String accessUrl, String downloadUrl) {
        if (pathEndsWithUrql(accessUrl) || (title != null && "API".equalsIgnoreCase(title.strip()))) {
            return Kind.API;
        }
        if (CatalogDataset.queryParameter(accessUrl, "resourceGUID") != null || (downloadUrl != null && !downloadUrl.isBlank())) {
            return Kind.FILE;
        }
        return Kind.OTHER;
    }

    /** An API's resource container GUID (what {@code read(..)} takes), from {@code …/{rc}/{revision}/urql}; else null. */
    public String resourceContainerGuid() {
        String[] s = apiSegments();
        return s == null ? null : s[s.length - 3];
    }

    /** An API's published revision as its URL names it ({@code 3}, or {@code latest}); else null. */
    public String revision() {
        String[] s = apiSegments();
        return s == null ? null : s[s.length - 2];
    }

    /** A uSmart file's GUID, from {@code resourceGUID=}; else null. */
    public String fileGuid() {
        return CatalogDataset.queryParameter(accessUrl, "resourceGUID");
    }

    private String[] apiSegments() {
        String p = path(accessUrl);
        if (!p.endsWith("/urql")) {
            return null;
        }
        String[] s = p.split("/");
        return s.length >= 3 && !s[s.length - 3].isEmpty() ? s : null;
    }

    /** Whether the URL's path ends {@code /urql} (a trailing slash allowed), without making Strings. */
    private static boolean pathEndsWithUrql(String url) {
        if (url == null) {
            return false;
        }
        int end = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            end = q;
        } else {
            int h = url.indexOf('#');
            end = h >= 0 ? h : end;
        }
        if (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return end >= 5 && url.startsWith("/urql", end - 5);
    }

    private static String path(String url) {
        if (url == null) {
            return "";
        }
        int q = url.indexOf('?');
        int h = url.indexOf('#');
        int end = q >= 0 ? q : h >= 0 ? h : url.length();
        String p = url.substring(0, end);
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
