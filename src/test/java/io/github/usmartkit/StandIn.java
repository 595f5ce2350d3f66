package io.github.usmartkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for uSmart and its object store on a loopback port, for hostile answers the sandbox
 * never gives: raw sockets, so that an answer can be anything at all — an HTML page, a body cut
 * short, headers and then silence, one byte every few seconds, a body that never ends. Not a mock
 * of the kit: the kit talks to it over real HTTP, as it would to a misbehaving service or proxy.
 *
 * <p>Answers are scripted by path suffix ({@link #on}); every request is recorded
 * ({@link #requests()}), and so is every stalled answer whose client went away
 * ({@link #abandoned()}): proof that the kit closed the connection rather than leaving it open.
 */
final class StandIn implements AutoCloseable {

    /** No stall lasts longer than this, whatever the client does (a safety net for a broken test). */
    static final Duration MAX_STALL = Duration.ofSeconds(30);

    /** One request as it arrived ({@code at}: System.nanoTime when it had arrived whole). */
    record Request(String method, String target, Map<String, List<String>> headers, byte[] body, long at) {
        String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }

        /** The first value of a header (names are case-insensitive), or null. */
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** Whether it carried either of the API key headers. */
        boolean carriesKey() {
            return header("api-key-id") != null || header("api-key-secret") != null;
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + path();
        }
    }

    /** What to answer a request with: writes to {@code reply}. */
    @FunctionalInterface
    interface Answer {
        void write(Request request, Reply reply) throws IOException;
    }

    private final ServerSocket server;
    private final Map<String, List<Answer>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Long> abandoned = new CopyOnWriteArrayList<>();
    private final AtomicInteger stalls = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Sockets the stand-in closed itself (their stalls did not end by the client's doing). */
    private final Set<Socket> closedHere = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Answer fallback = json(500, "{\"error\":{\"code\":\"NotScripted\",\"message\":\"the stand-in has no answer for this\"}}");
    private volatile boolean closed;

    StandIn() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Thread t = new Thread(this::accept, "standin-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** Answers requests whose path ends with {@code suffix} with {@code answers} in turn (the last one repeats). */
    StandIn on(String suffix, Answer... answers) {
        routes.put(suffix, new CopyOnWriteArrayList<>(List.of(answers)));
        return this;
    }

    /** The answer for requests no route matches (default: a JSON 500). */
    StandIn otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    /** Forgets routes, requests and abandonments; closes connections still open. */
    void reset() {
        routes.clear();
        requests.clear();
        abandoned.clear();
        stalls.set(0);
        fallback = json(500, "{\"error\":{\"code\":\"NotScripted\",\"message\":\"the stand-in has no answer for this\"}}");
        for (Socket s : open) {
            closedHere.add(s);
            quietly(s);
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose path ends with {@code suffix}. */
    long count(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).count();
    }

    /** When (System.nanoTime) each stalled answer noticed that its client had closed the connection. */
    List<Long> abandoned() {
        return List.copyOf(abandoned);
    }

    /** How many answers began to stall (silence or a trickle) since the last reset. */
    int stalls() {
        return stalls.get();
    }

    /** Waits up to {@code max} until at least {@code n} stalled answers saw their client go; whether they did. */
    boolean awaitAbandoned(long n, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        synchronized (abandoned) {
            while (abandoned.size() < n) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                abandoned.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void abandonedNow() {
        synchronized (abandoned) {
            abandoned.add(System.nanoTime());
            abandoned.notifyAll();
        }
    }

    /** Connections open now. */
    int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        for (Socket s : open) {
            closedHere.add(s);
            quietly(s);
        }
    }

    // ---- answers

    /** A complete answer with a {@code Content-Length}. */
    static Answer answer(int status, String contentType, byte[] body, String... headers) {
        return (req, out) -> out.send(status, contentType, body, headers);
    }

    static Answer answer(int status, String contentType, String body, String... headers) {
        return answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static Answer json(int status, String body, String... headers) {
        return answer(status, "application/json", body, headers);
    }

    /** The headers and the first part of a body of a declared length, then silence until the client goes. */
    static Answer silenceAfter(int status, String contentType, String start, int declaredLength) {
        return (req, out) -> {
            out.head(status, contentType, declaredLength);
            out.raw(start.getBytes(StandardCharsets.UTF_8));
            out.stall();
        };
    }

    /** Nothing at all after the request: no status line, until the client goes. */
    static Answer noAnswer() {
        return (req, out) -> out.stall();
    }

    /** Headers, then one byte every {@code every} until the client goes. */
    static Answer trickle(int status, String contentType, Duration every) {
        return (req, out) -> {
            out.head(status, contentType, 10_000_000);
            out.trickle(every);
        };
    }

    /** A chunked body that never ends (until the client goes or {@code cap} bytes were sent). */
    static Answer endless(int status, String contentType, String start, long cap) {
        return (req, out) -> {
            out.head(status, contentType, -1);
            byte[] first = start.getBytes(StandardCharsets.UTF_8);
            out.chunk(first);
            byte[] filler = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (long sent = first.length; sent < cap; sent += filler.length) {
                out.chunk(filler);
            }
            out.close();
        };
    }

    /** A body shorter than its declared length, then the connection closed. */
    static Answer cutShort(int status, String contentType, String part, int declaredLength) {
        return (req, out) -> {
            out.head(status, contentType, declaredLength);
            out.raw(part.getBytes(StandardCharsets.UTF_8));
            out.close();
        };
    }

    // ---- the server

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "standin-conn-" + connections.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request r = read(in);
                if (r == null) {
                    return;
                }
                requests.add(r);
                Reply reply = new Reply(s, in, out);
                pick(r.path()).write(r, reply);
                out.flush();
                if (!reply.keepAlive) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away mid-answer: part of the script
        } finally {
            open.remove(s);
            closedHere.remove(s);
        }
    }

    private Answer pick(String path) {
        for (Map.Entry<String, List<Answer>> e : routes.entrySet()) {
            if (path.endsWith(e.getKey())) {
                List<Answer> l = e.getValue();
                synchronized (l) {
                    return l.size() > 1 ? l.remove(0) : l.get(0);
                }
            }
        }
        return fallback;
    }

    private static Request read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null) {
            return null;
        }
        String[] first = line.split(" ");
        if (first.length < 3) {
            throw new IOException("not an HTTP request line: " + line);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int c = h.indexOf(':');
            if (c > 0) {
                headers.computeIfAbsent(h.substring(0, c).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(c + 1).strip());
            }
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> te = headers.get("transfer-encoding");
        if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = new byte[0];
        }
        return new Request(first[0], first[1], headers, body, System.nanoTime());
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked body cut short");
            }
            int n = Integer.parseInt(size.split(";")[0].strip(), 16);
            if (n == 0) {
                for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                    // trailers: ignored
                }
                return b.toByteArray();
            }
            b.write(in.readNBytes(n));
            line(in);
        }
    }

    /** A line ending in CRLF (or LF), without it; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }

    /** The answer being written to one request. */
    final class Reply {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean keepAlive = true;
        private boolean chunked;

        Reply(Socket socket, InputStream in, OutputStream out) {
            this.socket = socket;
            this.in = in;
            this.out = out;
        }

        /** A whole answer with its Content-Length; the connection stays open for the next request. */
        void send(int status, String contentType, byte[] body, String... headers) throws IOException {
            head(status, contentType, body.length, headers);
            out.write(body);
            out.flush();
        }

        /**
         * The status line and headers. {@code length} ≥ 0 is sent as Content-Length (the body must
         * follow or the connection is closed), -1 means a chunked body ({@link #chunk}).
         */
        void head(int status, String contentType, long length, String... headers) throws IOException {
            StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            if (contentType != null) {
                h.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (length >= 0) {
                h.append("Content-Length: ").append(length).append("\r\n");
            } else {
                h.append("Transfer-Encoding: chunked\r\n");
                chunked = true;
            }
            for (int i = 0; i + 1 < headers.length; i += 2) {
                h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            h.append("\r\n");
            out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void raw(byte[] b) throws IOException {
            out.write(b);
            out.flush();
        }

        void chunk(byte[] b) throws IOException {
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /**
         * Says nothing more until the client closes the connection (recorded in
         * {@link #abandoned()}), the stand-in closes, or {@link #MAX_STALL} passes; then closes.
         */
        void stall() throws IOException {
            keepAlive = false;
            stalls.incrementAndGet();
            long end = System.nanoTime() + MAX_STALL.toNanos();
            socket.setSoTimeout(250);
            while (!closed && System.nanoTime() < end) {
                try {
                    if (in.read() < 0) {
                        abandonedNow();
                        return;
                    }
                } catch (SocketTimeoutException quiet) {
                    // still there: keep waiting
                } catch (SocketException gone) {
                    gone();
                    return;
                }
            }
        }

        private void gone() {
            if (!closedHere.contains(socket)) {
                abandonedNow();
            }
        }

        /** One byte every {@code every} until the client goes (recorded in {@link #abandoned()}). */
        void trickle(Duration every) throws IOException {
            keepAlive = false;
            stalls.incrementAndGet();
            long end = System.nanoTime() + MAX_STALL.toNanos();
            socket.setSoTimeout((int) Math.max(1, every.toMillis()));
            while (!closed && System.nanoTime() < end) {
                try {
                    if (in.read() < 0) {
                        abandonedNow();
                        return;
                    }
                } catch (SocketTimeoutException due) {
                    try {
                        raw(new byte[] {' '});
                    } catch (IOException gone) {
                        gone();
                        return;
                    }
                } catch (SocketException gone) {
                    gone();
                    return;
                }
            }
        }

        /** Ends the answer by closing the connection (a chunked body gets its last chunk first). */
        void close() throws IOException {
            keepAlive = false;
            if (chunked) {
                try {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            socket.close();
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 411 -> "Length Required";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}
