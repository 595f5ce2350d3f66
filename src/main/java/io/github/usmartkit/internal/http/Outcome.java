package io.github.usmartkit.internal.http;

/** The result of one attempt: a value, or the problem that stopped it. */
public record Outcome<T>(T value, Problem problem) {

    public static <T> Outcome<T> ok(T value) {
        return new Outcome<>(value, null);
    }

    public static <T> Outcome<T> failed(Problem problem) {
        return new Outcome<>(null, problem);
    }

    public boolean failed() {
        return problem != null;
    }
}
