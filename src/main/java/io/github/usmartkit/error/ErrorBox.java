package io.github.usmartkit.error;

import io.github.usmartkit.internal.text.Scrub;
import io.github.usmartkit.internal.render.Html;
import io.github.usmartkit.display.Displayable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * A failure shown to a person: a short box saying what went wrong and what to do, without a
 * stack trace unless {@link #withDetails()} asks for one. Text is scrubbed of signed-URL query
 * strings and secret values, whatever the exception carried.
 *
 * <pre>{@code attempt(() -> dataset("no-such-guid").view())   // shows an ErrorBox instead of a trace}</pre>
 */
public final class ErrorBox implements Displayable {

    private static final String BOX_STYLE = "border-left:4px solid #c0392b;background:#fdf0ef;color:#222;"
            + "padding:6px 10px;margin:4px 0;font-family:sans-serif;font-size:13px;max-width:60em";

    private final Throwable error;
    private final boolean details;

    private ErrorBox(Throwable error, boolean details) {
        this.error = Objects.requireNonNull(error, "error");
        this.details = details;
    }

    /** A box for {@code error}, without stack trace. */
    public static ErrorBox of(Throwable error) {
        return new ErrorBox(error, false);
    }

    /**
     * A box for a failure known only by its exception's class name and message, e.g. an exception
     * a notebook kernel reports from a cell (JShell hands it over as an {@code EvalException}
     * carrying the original class name). There is no stack trace to show.
     */
    public static ErrorBox of(String exceptionClassName, String message) {
        return new ErrorBox(new Reported(Objects.requireNonNull(exceptionClassName, "exceptionClassName"), message), false);
    }

    /** The same box, with the (scrubbed) stack trace folded away underneath. */
    public ErrorBox withDetails() {
        return new ErrorBox(error, true);
    }

    /** The failure shown. */
    public Throwable error() {
        return error;
    }

    /** A short title naming the kind of failure, e.g. "Not found". */
    public String title() {
        String name = kind().replaceAll("(Exception|Error)$", "");
        if (name.isEmpty()) {
            return "Error";
        }
        // "NotFound" -> "Not found", "RateLimited" -> "Rate limited"
        String words = name.replaceAll("([a-z])([A-Z])", "$1 $2");
        return words.charAt(0) + words.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What went wrong: for a kit exception its facts without the advice ({@link Failure#summary()}),
     * otherwise the exception's message (or its class when it has none); scrubbed.
     */
    public String whatWentWrong() {
        if (error instanceof USmartException u) {
            return Scrub.clean(u.failure().summary());
        }
        String m = error.getMessage();
        if (m == null || m.isBlank()) {
            m = (error instanceof Reported r ? r.className : error.getClass().getName()) + (error.getCause() != null && error.getCause().getMessage() != null
                    ? ": " + error.getCause().getMessage() : "");
        }
        return Scrub.clean(m.strip());
    }

    /** What to do: a kit exception's own {@link USmartException#whatToDo()}, otherwise a suggestion by kind. */
    public String whatToDo() {
        if (error instanceof USmartException u && !u.whatToDo().isBlank()) {
            return Scrub.clean(u.whatToDo());
        }
        String kind = kind();
        return switch (kind) {
            case "AuthenticationException" -> "Check the key id and secret (USMART_API_KEY_ID / USMART_API_KEY_SECRET "
                    + "or ~/.usmart/credentials); they may have been regenerated.";
            case "PermissionException" -> "Use a key with the Provider or Admin role in this organisation.";
            case "NotFoundException" -> "Check the GUID: catalog() lists the organisation's datasets.";
            case "ConfigurationException" -> "Set USMART_API_KEY_ID, USMART_API_KEY_SECRET and USMART_ORG, "
                    + "or run against the sandbox (USMART_SANDBOX=1).";
            case "RateLimitedException" -> "Wait a moment and run the cell again.";
            case "TransportException", "ServiceException" -> "The service did not answer properly; run the cell "
                    + "again, and check the network or proxy settings if it keeps failing.";
            case "IllegalArgumentException", "BadRequestException" -> "Correct the value named above and run the cell again.";
            default -> "Read the message above; attempt(...).withDetails() or the exception itself shows more.";
        };
    }

    @Override
    public String toHtml() {
        StringBuilder out = new StringBuilder(256);
        out.append("<div class=\"usmart-error\" style=\"").append(BOX_STYLE).append("\">")
                .append("<div style=\"font-weight:bold;color:#c0392b\">").append(Html.escape(title())).append("</div>")
                .append("<div>").append(Html.escape(whatWentWrong())).append("</div>")
                .append("<div style=\"margin-top:4px\"><b>What to do:</b> ").append(Html.escape(whatToDo())).append("</div>");
        if (details) {
            out.append("<details><summary>stack trace</summary><pre style=\"font-size:11px\">")
                    .append(Html.escape(stackTrace())).append("</pre></details>");
        }
        return out.append("</div>").toString();
    }

    @Override
    public String toText() {
        String text = "✗ " + title() + ": " + whatWentWrong() + "\n  What to do: " + whatToDo() + "\n";
        return details ? text + stackTrace() : text;
    }

    @Override
    public String toString() {
        return toText();
    }

    /** The exception's simple class name: of the reported class for {@link #of(String, String)}. */
    private String kind() {
        if (error instanceof Reported r) {
            return r.className.substring(r.className.lastIndexOf('.') + 1).replaceAll(".*\\$", "");
        }
        return error.getClass().getSimpleName();
    }

    /** Stands in for an exception known only by class name and message; has no stack trace. */
    private static final class Reported extends RuntimeException {
        private final String className;

        Reported(String className, String message) {
            super(message, null, false, false);
            this.className = className;
        }

        @Override
        public String toString() {
            return getMessage() == null ? className : className + ": " + getMessage();
        }
    }

    private String stackTrace() {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return Scrub.clean(w.toString());
    }
}
