package io.github.usmartkit.sandbox;

/**
 * The shapes of the URLs the sandbox puts in its answers, after those real uSmart catalogues
 * hold (P), on the sandbox's one base URL instead of uSmart's several hosts ({@code usmart.io},
 * {@code data.usmart.io}, {@code api.usmart.io}, {@code discovery.usmart.io}).
 */
final class PublicUrls {
    private PublicUrls() {
    }

    /** A dataset's DCAT {@code identifier}: {@code {base}/org/{org}/dataset:viewDiscovery?datasetGUID={guid}}. */
    static String identifier(String base, String org, String datasetGUID) {
        return base + "/org/" + org + "/dataset:viewDiscovery?datasetGUID=" + datasetGUID;
    }

    /** A dataset's landing page: {@code {base}/org/{orgSlug}/discovery/discovery-view-detail/{guid}}. */
    static String landingPage(String base, String orgSlug, String datasetGUID) {
        return base + "/org/" + orgSlug + "/discovery/discovery-view-detail/" + datasetGUID;
    }

    /** The organisation's page, which DCAT gives as its publisher's name. */
    static String organisation(String base, String orgSlug) {
        return base + "/org/" + orgSlug;
    }

    /** The read API of a container's publication: {@code latest} or a revision number. */
    static String api(String base, String org, String containerGUID, String revision) {
        return base + "/org/" + org + "/" + containerGUID + "/" + revision + "/urql";
    }

    /** The download of a file's current bytes. */
    static String file(String base, String org, String fileGUID) {
        return base + "/org/" + org + "/resource?resourceGUID=" + fileGUID;
    }
}
