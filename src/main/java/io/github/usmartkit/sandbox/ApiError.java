package io.github.usmartkit.sandbox;

/**
 * An error answer: thrown anywhere in a handler, turned into the JSON error body (control plane,
 * read API, DCAT) or S3's XML (object store) by {@link SandboxServer}. No stack trace is kept:
 * it is an answer, not a bug.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String code;
    /** The part of a URQL query at fault, as sent; null for other errors. */
    final String term;
    /** Where {@link #term} starts in the query string (1 = its first character); 0 when there is none. */
    final int position;

    ApiError(int status, String code, String message) {
        this(status, code, message, null, 0);
    }

    private ApiError(int status, String code, String message, String term, int position) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.term = term;
        this.position = position;
    }

    /** A URQL query that cannot be answered: 400 naming the term and where it starts, so a client can point at it. */
    static ApiError query(String message, String term, int position) {
        return new ApiError(400, "ValidationError", message, term, position);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }

    static ApiError validation(String message) {
        return new ApiError(400, "ValidationError", message);
    }
}
