package io.github.usmartkit.catalog;

/**
 * A distribution (a way to get the data) of a catalogued dataset. Any field may be null.
 *
 * @param title       title
 * @param accessUrl   {@code dcat:accessURL}
 * @param downloadUrl {@code dcat:downloadURL}
 * @param mediaType   {@code dcat:mediaType}
 * @param format      {@code dct:format}
 * @param byteSize    {@code dcat:byteSize}
 */
public record Distribution(String title, String accessUrl, String downloadUrl, String mediaType, String format,
                           Long byteSize) {
}
