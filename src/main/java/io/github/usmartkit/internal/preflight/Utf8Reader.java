package io.github.usmartkit.internal.preflight;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding for the preflight: a byte sequence that is not UTF-8 stops the read with
 * its byte offset ({@link Malformed}), where {@code InputStreamReader} would say neither where nor
 * (with its default) that anything was wrong. A leading byte order mark is dropped. The last
 * {@link #WINDOW} characters handed out stay readable by their offset ({@link #charAt}), so the CSV
 * check can look at the raw text of a field the parser has already unquoted.
 */
final class Utf8Reader extends Reader {

    /** Characters kept behind the reader, for {@link #charAt}: more than the parser reads ahead. */
    static final int WINDOW = 1 << 16;

    /** Not UTF-8 at byte {@link #offset}. */
    static final class Malformed extends IOException {
        final long offset;

        Malformed(long offset) {
            super("not UTF-8 at byte " + offset, null);
            this.offset = offset;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    private final char[] window = new char[WINDOW];
    /** Bytes the decoder has consumed so far: the file offset of the next byte to decode. */
    private long consumed;
    /** Characters handed out so far. */
    private long handedOut;
    private boolean eof;
    private boolean started;

    Utf8Reader(InputStream in) {
        this.in = in;
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        remember(buf, off, n);
        return n;
    }

    private void remember(char[] buf, int off, int n) {
        int from = n > WINDOW ? off + n - WINDOW : off;
        long at = handedOut + (from - off);
        for (int i = from; i < off + n; ) {
            int slot = (int) (at % WINDOW);
            int run = Math.min(off + n - i, WINDOW - slot);
            System.arraycopy(buf, i, window, slot, run);
            i += run;
            at += run;
        }
        handedOut += n;
    }

    /** The character at {@code offset} (counted from the first character after any byte order mark), or -1 if it has left the window. */
    int charAt(long offset) {
        if (offset < 0 || offset >= handedOut || handedOut - offset > WINDOW) {
            return -1;
        }
        return window[(int) (offset % WINDOW)];
    }

    /** Decodes more characters; false at the end. */
    private boolean fill() throws IOException {
        if (eof && !bytes.hasRemaining()) {
            return false;
        }
        chars.clear();
        if (!eof) {
            bytes.compact();
            int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (r < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + r);
            }
            bytes.flip();
        }
        int before = bytes.position();
        CoderResult cr = decoder.decode(bytes, chars, eof);
        long at = consumed + (bytes.position() - before);
        if (cr.isError()) {
            throw new Malformed(at);
        }
        consumed = at;
        if (eof && !bytes.hasRemaining()) {
            decoder.flush(chars);
        }
        chars.flip();
        if (!started) {
            started = true;
            if (chars.hasRemaining() && chars.get(chars.position()) == '\uFEFF') {
                chars.get();
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
