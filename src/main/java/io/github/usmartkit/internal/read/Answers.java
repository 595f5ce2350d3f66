package io.github.usmartkit.internal.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.internal.http.Action;
import io.github.usmartkit.internal.http.Transport;
import io.github.usmartkit.internal.json.Json;
import io.github.usmartkit.internal.text.Redaction;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a read API answer as it streams in, and tells a broken connection (retried by the
 * transport) from an answer that is not what the read API sends (a {@link ServiceException},
 * quoting the answer's first bytes): the transport takes every {@code IOException} of a body
 * reader for a connection that broke off, so a malformed answer must not surface as one.
 */
final class Answers {

    /** How much of an answer's start is kept to quote when it turns out not to be rows. */
    private static final int HEAD = 200;
    /** An answer bringing this much without one more row complete is not rows (e.g. endless whitespace). */
    static final long MAX_BYTES_WITHOUT_A_ROW = 64L * 1024 * 1024;
    /** An answer read whole into a tree ({@code json()}, aggregations) is refused beyond this. */
    static final long MAX_TREE_BYTES = 256L * 1024 * 1024;

    private Answers() {
    }

    /** Parses an answer body. */
    @FunctionalInterface
    interface Parse<T> {
        T parse(InputStream in) throws IOException;
    }

    /** What a body reader hands back: the value, or why the answer is not what was expected. */
    private record Parsed<T>(T value, String problem, String head) { }

    /**
     * {@code GET url} (URQL, retried as the transport does), its body parsed by {@code parse} as it arrives.
     *
     * @throws ServiceException if the answer is not JSON or not of the expected shape
     */
    static <T> T read(Transport transport, String rc, String url, Parse<T> parse) {
        Parsed<T> p = transport.get(Action.URQL, rc, url, (in, headers) -> {
            Head head = new Head(in);
            try {
                return new Parsed<>(parse.parse(head), null, null);
            } catch (JsonEOFException e) {
                // The body ended before its JSON did, yet whole as sent: a body cut short of its
                // length or chunks fails in the stream itself (an IOException, which the transport retries).
                return new Parsed<>(null, "the answer ends before its JSON does (" + e.getOriginalMessage() + ")", head.text());
            } catch (JsonProcessingException e) {
                return new Parsed<>(null, e.getOriginalMessage(), head.text());
            } catch (NotRows e) {
                return new Parsed<>(null, e.getMessage(), head.text());
            }
        });
        if (p.problem() != null) {
            throw new ServiceException(Failure.of(Action.URQL.name(), rc, "the read API answered something other than rows",
                    "Check USMART_READ_URL (" + transport.endpoints().readUrl() + ") points at the uSmart read API")
                    .withStatus(200).withService(null, p.problem() + "; the answer began: " + Redaction.excerpt(p.head(), 160)));
        }
        return p.value();
    }

    /** The answer as a JSON tree (at most {@link #MAX_TREE_BYTES}). */
    static JsonNode tree(InputStream in) throws IOException {
        if (in instanceof Head h) {
            h.limitTotal(MAX_TREE_BYTES, "answer larger than " + MAX_TREE_BYTES / (1024 * 1024) + " MiB to read whole; table() streams rows");
        }
        JsonNode n = Json.tree(in);
        if (n == null || n.isMissingNode()) {
            throw new NotRows("the answer is empty");
        }
        return n;
    }

    static ServiceException notRows(Transport transport, String rc, String what) {
        return new ServiceException(Failure.of(Action.URQL.name(), rc, "the read API answered something other than rows",
                "Check USMART_READ_URL (" + transport.endpoints().readUrl() + ") points at the uSmart read API")
                .withStatus(200).withService(null, what));
    }

    /** An answer of the wrong shape (valid JSON, but not rows or not an aggregation). */
    static final class NotRows extends IOException {
        NotRows(String what) {
            super(what);
        }
    }

    /**
     * Keeps the first bytes read, to quote an answer that is not rows; and refuses one that goes on
     * without rows ({@link RowsReader} says when a row is complete).
     */
    static final class Head extends FilterInputStream {
        private final byte[] head = new byte[HEAD];
        private int kept;
        private long sinceRow;
        private long total;
        private long maxTotal = Long.MAX_VALUE;
        private String tooMuch;

        Head(InputStream in) {
            super(in);
        }

        /** A row is complete: the count of bytes without one starts again. */
        void row() {
            sinceRow = 0;
        }

        void limitTotal(long max, String what) {
            maxTotal = max;
            tooMuch = what;
        }

        private void count(int n) throws NotRows {
            sinceRow += n;
            total += n;
            if (sinceRow > MAX_BYTES_WITHOUT_A_ROW) {
                throw new NotRows("the answer went on for " + MAX_BYTES_WITHOUT_A_ROW / (1024 * 1024) + " MiB without a row");
            }
            if (total > maxTotal) {
                throw new NotRows(tooMuch);
            }
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
                if (kept < HEAD) {
                    head[kept++] = (byte) b;
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            // The JDK client's body stream hands out one network read at a time (often a few
            // hundred bytes): take what is already there too, so the parser refills less often.
            while (n > 0 && n < len && in.available() > 0) {
                int more = in.read(b, off + n, len - n);
                if (more <= 0) {
                    break;
                }
                n += more;
            }
            if (n > 0) {
                count(n);
                if (kept < HEAD) {
                    int k = Math.min(n, HEAD - kept);
                    System.arraycopy(b, off, head, kept, k);
                    kept += k;
                }
            }
            return n;
        }

        String text() {
            return new String(Arrays.copyOf(head, kept), StandardCharsets.UTF_8);
        }
    }
}
