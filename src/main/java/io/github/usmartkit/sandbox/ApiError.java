package io.github.usmartkit.sandbox;

/**
 * An error answer: thrown anywhere in a handler, turned into the JSON error body (control plane,
 * read API, DCAT) or S3's XML (object store) by {@link SandboxServer}. No stack trace is kept:
 * it is an answer, not a bug.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "NotFound", message);
    }

    static ApiError validation(String message) {
        return new ApiError(400, "ValidationError", message);
    }
}
