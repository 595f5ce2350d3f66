package io.github.usmartkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.error.AuthenticationException;
import io.github.usmartkit.error.ConfigurationException;
import io.github.usmartkit.error.NotFoundException;
import io.github.usmartkit.error.PermissionException;
import io.github.usmartkit.error.RateLimitedException;
import io.github.usmartkit.error.ServiceException;
import io.github.usmartkit.error.TransportException;
import io.github.usmartkit.error.USmartException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile answers of the control plane, the read API and DCAT — what the sandbox never gives but
 * real services, proxies and captive portals do — from a {@link StandIn} over loopback, one table
 * row each: HTML error pages, empty bodies, JSON without {@code result} or with one of the wrong
 * type, signed-URL answers lacking a field, truncated JSON, errors with HTTP 200, redirects to
 * another host, bodies cut short, 10 MB and endless answers. Each ends within its deadline with
 * the exact kit error, a what-to-do, never follows a redirect (the other host sees nothing) and
 * never registers anything. Stalls are in {@link DeadlineTest}, the object store's answers in
 * {@link ObjectStoreAnswersTest}.
 */
class OddAnswersTest {

    static final String SECRET = "odd-secret-999";
    static final String DS = "ds-1";
    static final String RC = "rc-1";
    static final Duration DEADLINE = Duration.ofSeconds(5);
    static final Duration GRACE = Duration.ofSeconds(1);

    static StandIn standIn;
    /** Where redirects point: it must never see a request. */
    static StandIn elsewhere;
    static USmart usmart;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        standIn = new StandIn();
        elsewhere = new StandIn();
        usmart = USmart.builder().environment(Map.of()).home(null).baseUrl(standIn.url()).readUrl(standIn.url()).org("org-1")
                .apiKey("key-odd", SECRET).readTimeout(Duration.ofSeconds(3))
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), DEADLINE)).connect();
    }

    @AfterAll
    static void stop() {
        usmart.close();
        standIn.close();
        elsewhere.close();
    }

    @BeforeEach
    void reset() {
        standIn.reset();
        elsewhere.reset();
    }

    // ---- answers

    static StandIn.Answer html(int status, String page) {
        return StandIn.answer(status, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><title>" + status
                + "</title></head><body><h1>" + page + "</h1><p>nginx</p></body></html>");
    }

    static StandIn.Answer redirect(int status) {
        return (req, out) -> out.send(status, "text/html", "<html>Moved</html>".getBytes(StandardCharsets.UTF_8),
                "Location", elsewhere.url() + req.target() + (req.target().contains("?") ? "&" : "?") + "token=abc");
    }

    /** {@code n} bytes of text that is not JSON. */
    static StandIn.Answer big(int status, String contentType, int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        System.arraycopy("<html>".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 6);
        return StandIn.answer(status, contentType, b);
    }

    static final String VIEW = "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[]}}";

    /** Signed-URL answer with the given fields (null: left out). */
    static String signed(String signedRequest, String contentType, String reference) {
        StringBuilder sb = new StringBuilder("{\"result\":{");
        List<String> f = new ArrayList<>();
        if (signedRequest != null) {
            f.add("\"signedRequest\":\"" + signedRequest + "\"");
        }
        if (contentType != null) {
            f.add("\"contentType\":\"" + contentType + "\"");
        }
        if (reference != null) {
            f.add("\"reference\":\"" + reference + "\"");
        }
        return sb.append(String.join(",", f)).append("}}").toString();
    }

    static String putUrl() {
        return standIn.url() + "/s3/bucket/uploads/u1/a.csv?X-Usmart-Expires=9999999999&X-Usmart-Signature=abc123";
    }

    // ---- the table

    /**
     * One hostile answer: how the stand-in answers ({@code route} → answers in turn), the verb
     * that meets it, the exact exception kind, the HTTP status it carries, how many attempts
     * (0: any) and any further check.
     */
    record Case(String name, String route, List<StandIn.Answer> answers, Verb verb, Class<? extends USmartException> kind,
                int status, int attempts, Consumer<USmartException> more) {
    }

    /**
     * A verb of the kit, its extra routes (answered normally) and how many register calls
     * ({@code file:create}, {@code file:updateRevision}) it may make: 0 unless the upload before it succeeds.
     */
    record Verb(String name, Function<Path, Function<USmart, Object>> call, Map<String, StandIn.Answer> around, int registers) {
        Verb(String name, Function<Path, Function<USmart, Object>> call, Map<String, StandIn.Answer> around) {
            this(name, call, around, 0);
        }
    }

    static final Verb VIEW_VERB = new Verb("view", f -> u -> u.dataset(DS).view(), Map.of());
    static final Verb ROWS = new Verb("rows", f -> u -> u.rows(RC, 5), Map.of());
    static final Verb CATALOG = new Verb("catalog", f -> USmart::catalog, Map.of());
    static final Verb ADD = new Verb("add", f -> u -> u.dataset(DS).add(f), Map.of("/dataset:view", StandIn.json(200, VIEW)));
    static final String VIEW_F1 = "{\"result\":{\"datasetGUID\":\"" + DS
            + "\",\"files\":[{\"fileGUID\":\"f1\",\"fileName\":\"a.csv\",\"fileSize\":5,\"md5\":\"00000000000000000000000000000000\","
            + "\"revision\":1}],\"resourceContainers\":[]}}";
    static final Verb CREATE_PIPELINE = new Verb("createPipeline", f -> u -> u.dataset(DS).createPipeline("csv-to-api"),
            Map.of("/dataset:view", StandIn.json(200, VIEW_F1)));
    /** add, its upload succeeding (a signed URL to the stand-in, the PUT answered 200): the register call meets the answer. */
    static final Verb ADD_UPLOADED = new Verb("add", f -> u -> u.dataset(DS).add(f), Map.of("/dataset:view", StandIn.json(200, VIEW),
            "/s3:generatePutRequest", (req, out) -> StandIn.json(200, signed(putUrl(), "text/csv", "uploads/u1/a.csv")).write(req, out),
            "/uploads/u1/a.csv", StandIn.answer(200, null, "")), 1);
    /** replace of file f1, its upload succeeding: the register call meets the answer. */
    static final Verb REPLACE_UPLOADED = new Verb("replace", f -> u -> u.dataset(DS).replace("f1", f), Map.of(
            "/dataset:view", StandIn.json(200, VIEW_F1),
            "/s3:generatePutRequest", (req, out) -> StandIn.json(200, signed(putUrl(), "text/csv", "uploads/u1/a.csv")).write(req, out),
            "/uploads/u1/a.csv", StandIn.answer(200, null, "")), 1);

    static Case c(String name, Verb verb, String route, Class<? extends USmartException> kind, int status, int attempts,
                  StandIn.Answer... answers) {
        return new Case(name, route, List.of(answers), verb, kind, status, attempts, e -> { });
    }

    static Case c(String name, Verb verb, String route, Class<? extends USmartException> kind, int status, int attempts,
                  Consumer<USmartException> more, StandIn.Answer... answers) {
        return new Case(name, route, List.of(answers), verb, kind, status, attempts, more);
    }

    static Consumer<USmartException> serviceSays(String part) {
        return e -> assertTrue(e.serviceMessage().orElse("").contains(part), "service message: " + e.serviceMessage());
    }

    static Consumer<USmartException> notLeaking(String token) {
        return e -> assertFalse(e.getMessage().contains(token), e.getMessage());
    }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        String view = "/dataset:view";
        // HTML pages where JSON was expected
        l.add(c("HTML 502 page: retried (safe), then reported with an excerpt", VIEW_VERB, view, ServiceException.class, 502, 4,
                serviceSays("502 Bad Gateway"), html(502, "502 Bad Gateway")));
        l.add(c("HTML 200 page (a proxy's login): not retried", VIEW_VERB, view, ServiceException.class, 200, 1,
                serviceSays("Please log in"), html(200, "Please log in to the proxy")));
        l.add(c("HTML 404 page", VIEW_VERB, view, NotFoundException.class, 404, 1, html(404, "Not Found")));
        l.add(c("HTML 403 page (a firewall)", VIEW_VERB, view, PermissionException.class, 403, 1, html(403, "Request blocked")));
        l.add(c("HTML 200 page to a write", CREATE_PIPELINE, "/resourceContainer:create", ServiceException.class, 200, 1,
                html(200, "Maintenance")));
        l.add(c("HTML 200 page from the read API", ROWS, "/urql", ServiceException.class, 200, 1, html(200, "Welcome")));
        l.add(c("HTML 200 page for DCAT", CATALOG, "/dcat/private", ServiceException.class, 200, 1, html(200, "Welcome")));
        // empty bodies
        l.add(c("empty 200", VIEW_VERB, view, ServiceException.class, 200, 4, serviceSays("empty body"),
                StandIn.json(200, "")));
        l.add(c("empty 204", VIEW_VERB, view, ServiceException.class, 204, 4, StandIn.answer(204, null, "")));
        l.add(c("empty 503", VIEW_VERB, view, ServiceException.class, 503, 4, StandIn.json(503, "")));
        l.add(c("empty 200 to a write: not repeated blindly", CREATE_PIPELINE, "/resourceContainer:create",
                ServiceException.class, 200, 0, StandIn.json(200, "")));
        l.add(c("empty 200 from the read API", ROWS, "/urql", ServiceException.class, 200, 1, StandIn.json(200, "")));
        l.add(c("empty 200 for DCAT", CATALOG, "/dcat/private", ServiceException.class, 200, 1, StandIn.json(200, "")));
        // JSON without result, or a result of the wrong type
        l.add(c("JSON {} without result", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "{}")));
        l.add(c("JSON without result, other keys", VIEW_VERB, view, ServiceException.class, 200, 1,
                StandIn.json(200, "{\"ok\":true,\"data\":{}}")));
        l.add(c("result null", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "{\"result\":null}")));
        l.add(c("result text", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "{\"result\":\"ok\"}")));
        l.add(c("result a list", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "{\"result\":[]}")));
        l.add(c("result a number", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "{\"result\":42}")));
        l.add(c("result with files as text", VIEW_VERB, view, ServiceException.class, 200, 1,
                StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":\"none\"}}")));
        l.add(c("a JSON list instead of an object", VIEW_VERB, view, ServiceException.class, 200, 1, StandIn.json(200, "[1,2]")));
        l.add(c("rows: an object instead of a list", ROWS, "/urql", ServiceException.class, 200, 1,
                StandIn.json(200, "{\"rows\":[]}")));
        l.add(c("DCAT: JSON that is no catalogue", CATALOG, "/dcat/private", ServiceException.class, 200, 1,
                StandIn.json(200, "{\"hello\":\"world\"}")));
        // the signed-URL answer lacking what the upload needs: nothing is PUT, nothing registered
        String url = "/s3:generatePutRequest";
        l.add(c("URL answer without signedRequest", ADD, url, ServiceException.class, 200, 1, e -> {
            assertTrue(e.what().contains("signedRequest"), e.what());
            assertFalse(e.what().contains("contentType"), e.what());
        }, StandIn.json(200, signed(null, "text/csv", "uploads/u1/a.csv"))));
        l.add(c("URL answer without contentType", ADD, url, ServiceException.class, 200, 1,
                e -> assertTrue(e.what().contains("contentType"), e.what()),
                StandIn.json(200, signed(putUrl(), null, "uploads/u1/a.csv"))));
        l.add(c("URL answer without reference", ADD, url, ServiceException.class, 200, 1,
                e -> assertTrue(e.what().contains("reference"), e.what()), StandIn.json(200, signed(putUrl(), "text/csv", null))));
        l.add(c("URL answer with none of them", ADD, url, ServiceException.class, 200, 1, StandIn.json(200, "{\"result\":{}}")));
        l.add(c("URL answer whose result is text", ADD, url, ServiceException.class, 200, 1,
                StandIn.json(200, "{\"result\":\"" + putUrl() + "\"}")));
        l.add(c("URL answer with a relative URL", ADD, url, ServiceException.class, 200, 1,
                StandIn.json(200, signed("/s3/bucket/a.csv", "text/csv", "uploads/u1/a.csv"))));
        l.add(c("URL answer with a URL that is not one", ADD, url, ServiceException.class, 200, 1,
                StandIn.json(200, signed("http://exa mple/%%%", "text/csv", "uploads/u1/a.csv"))));
        l.add(c("URL answer with an ftp URL", ADD, url, ServiceException.class, 200, 1,
                StandIn.json(200, signed("ftp://127.0.0.1/bucket/a.csv", "text/csv", "uploads/u1/a.csv"))));
        // truncated JSON and bodies cut short
        l.add(c("truncated JSON (complete as sent)", VIEW_VERB, view, ServiceException.class, 200, 1,
                StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[")));
        l.add(c("body cut short of its Content-Length: retried (safe)", VIEW_VERB, view, TransportException.class, 200, 4,
                StandIn.cutShort(200, "application/json", "{\"result\":{\"datasetGUID\"", 400)));
        l.add(c("body cut short on a write: not repeated blindly", CREATE_PIPELINE, "/resourceContainer:create",
                TransportException.class, 200, 0, StandIn.cutShort(200, "application/json", "{\"result\":", 400)));
        l.add(c("truncated rows", ROWS, "/urql", ServiceException.class, 200, 1, StandIn.json(200, "[{\"a\":1},{\"a\":")));
        l.add(c("truncated DCAT", CATALOG, "/dcat/private", ServiceException.class, 200, 1,
                StandIn.json(200, "{\"@type\":\"dcat:Catalog\",\"dcat:dataset\":[")));
        // errors in JSON sent with HTTP 200
        l.add(c("error JSON 401 with HTTP 200", VIEW_VERB, view, AuthenticationException.class, 200, 1, serviceSays("key regenerated"),
                StandIn.json(200, "{\"error\":{\"status\":401,\"code\":\"Unauthorized\",\"message\":\"key regenerated\"}}")));
        l.add(c("error JSON 403 with HTTP 200", VIEW_VERB, view, PermissionException.class, 200, 1,
                StandIn.json(200, "{\"error\":{\"status\":403,\"code\":\"Forbidden\",\"message\":\"no role\"}}")));
        l.add(c("error status text NotFound with HTTP 200", VIEW_VERB, view, NotFoundException.class, 200, 1,
                StandIn.json(200, "{\"status\":\"error\",\"code\":\"NotFound\",\"message\":\"no such dataset\"}")));
        l.add(c("error JSON 429 with HTTP 200: retried", VIEW_VERB, view, RateLimitedException.class, 200, 4,
                StandIn.json(200, "{\"error\":{\"status\":429,\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")));
        l.add(c("error JSON 500 with HTTP 200 to a write", CREATE_PIPELINE, "/resourceContainer:create", ServiceException.class,
                200, 0, StandIn.json(200, "{\"error\":{\"status\":500,\"message\":\"boom\"}}")));
        l.add(c("error text with HTTP 200", VIEW_VERB, view, ServiceException.class, 200, 0,
                StandIn.json(200, "{\"error\":\"something broke\"}")));
        l.add(c("errorMessage with HTTP 200 from the read API", ROWS, "/urql", ServiceException.class, 200, 1,
                StandIn.json(200, "{\"errorMessage\":\"query failed\"}")));
        // redirects to another host: never followed
        for (int s : new int[] {301, 302, 303, 307, 308}) {
            l.add(c("redirect " + s + " to another host", VIEW_VERB, view, ConfigurationException.class, s, 1, e -> {
                assertTrue(e.what().contains(elsewhere.url()), e.what());
                notLeaking("token=abc").accept(e);
            }, redirect(s)));
        }
        l.add(c("redirect of a write", CREATE_PIPELINE, "/resourceContainer:create", ConfigurationException.class, 307, 1,
                redirect(307)));
        l.add(c("redirect of the read API", ROWS, "/urql", ConfigurationException.class, 302, 1, redirect(302)));
        l.add(c("redirect of DCAT", CATALOG, "/dcat/private", ConfigurationException.class, 301, 1, redirect(301)));
        l.add(c("redirect of the URL request", ADD, url, ConfigurationException.class, 302, 1, redirect(302)));
        l.add(c("redirect without a Location", VIEW_VERB, view, ConfigurationException.class, 302, 1,
                StandIn.answer(302, "text/html", "")));
        // big and endless answers
        l.add(c("10 MB that is not JSON", VIEW_VERB, view, ServiceException.class, 200, 1,
                e -> assertTrue(e.getMessage().length() < 2000, "an excerpt, not the 10 MB: " + e.getMessage().length()),
                big(200, "text/html", 10 * 1024 * 1024)));
        l.add(c("10 MB error page: retried, read only in part", VIEW_VERB, view, ServiceException.class, 503, 4,
                e -> assertTrue(e.getMessage().length() < 2000, e.getMessage()), big(503, "text/html", 10 * 1024 * 1024)));
        l.add(c("10 MB of rows that are not JSON", ROWS, "/urql", ServiceException.class, 200, 1,
                big(200, "application/json", 10 * 1024 * 1024)));
        l.add(c("an answer over 32 MiB: refused, not retried", VIEW_VERB, view, ServiceException.class, 200, 1,
                e -> assertTrue(e.what().contains("32 MiB"), e.what()), big(200, "application/json", 40 * 1024 * 1024)));
        l.add(c("a body that never ends", VIEW_VERB, view, ServiceException.class, 200, 1,
                e -> assertTrue(e.what().contains("32 MiB"), e.what()),
                StandIn.endless(200, "application/json", "{\"result\":{\"description\":\"", 1L << 40)));
        l.add(c("rows that never end", ROWS, "/urql", ServiceException.class, 200, 1,
                StandIn.endless(200, "application/json", "[", 1L << 40)));
        // waits the service asks for that do not fit the deadline
        l.add(c("429 asking to wait a day: given up at once", VIEW_VERB, view, RateLimitedException.class, 429, 1,
                e -> assertEquals(Duration.ofDays(1), e.retryAfter().orElseThrow()),
                StandIn.json(429, "{\"error\":{\"code\":\"TooManyRequests\"}}", "Retry-After", "86400")));
        l.add(c("503 asking to wait until a date far off", VIEW_VERB, view, ServiceException.class, 503, 1,
                e -> assertTrue(e.retryAfter().orElseThrow().toDays() > 300, e.retryAfter().toString()),
                StandIn.json(503, "{}", "Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT")));
        // a write answered 200 with something that does not identify what it made, which dataset:view does not show
        // either: it may have landed, and the kit says so (never "added as file null", never a pipeline of nulls)
        Consumer<USmartException> mayHaveLanded = e -> {
            assertTrue(((io.github.usmartkit.upload.RegistrationFailedException) e).mayHaveLanded(), e.getMessage());
            assertTrue(e.what().contains("cannot be told"), e.what());
        };
        for (String odd : new String[] {"\"ok\"", "[]", "{}", "{\"fileName\":\"a.csv\"}", "true"}) {
            l.add(c("file:create answering {\"result\":" + odd + "}, the file not in the view", ADD_UPLOADED, "/file:create",
                    io.github.usmartkit.upload.RegistrationFailedException.class, 200, 1, mayHaveLanded,
                    StandIn.json(200, "{\"result\":" + odd + "}")));
        }
        l.add(c("file:updateRevision answering {\"result\":\"ok\"}, no new revision in the view", REPLACE_UPLOADED,
                "/file:updateRevision", io.github.usmartkit.upload.RegistrationFailedException.class, 200, 1, mayHaveLanded,
                StandIn.json(200, "{\"result\":\"ok\"}")));
        for (String odd : new String[] {"[]", "\"ok\"", "{}", "{\"pipelineId\":\"csv-to-api\"}"}) {
            l.add(c("resourceContainer:create answering {\"result\":" + odd + "}, no new pipeline in the view", CREATE_PIPELINE,
                    "/resourceContainer:create", ServiceException.class, 200, 1,
                    e -> {
                        assertTrue(e.what().contains("cannot be told") && e.whatToDo().contains("may have landed"), e.getMessage());
                        assertEquals(1, standIn.count("/resourceContainer:create"), "not sent again: " + standIn.requests());
                    },
                    StandIn.json(200, "{\"result\":" + odd + "}")));
        }
        // bytes that are not text
        l.add(c("binary garbage with HTTP 200", VIEW_VERB, view, ServiceException.class, 200, 1,
                StandIn.answer(200, "application/octet-stream", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80})));
        return l;
    }

    @TestFactory
    Stream<DynamicTest> hostileAnswers() {
        return cases().stream().map(k -> DynamicTest.dynamicTest(k.verb.name + ": " + k.name, () -> run(k)));
    }

    /** Scripts the stand-in for {@code k} and makes its call: what it threw (null if nothing). */
    static Throwable meet(Case k, Path dir) throws IOException {
        standIn.reset(); // dynamic tests get no @BeforeEach of their own
        elsewhere.reset();
        k.verb.around.forEach(standIn::on);
        standIn.on(k.route, k.answers.toArray(StandIn.Answer[]::new));
        Path f = Files.exists(dir.resolve("a.csv")) ? dir.resolve("a.csv") : Sandboxes.csv(dir, "a.csv", 3);
        try {
            k.verb.call.apply(f).apply(usmart);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Every failure of the table, for {@link SecretsTest} to scan (the stand-ins started and stopped here). */
    static SecretsTest.Failures everyFailure(Path dir) throws IOException {
        start();
        try {
            List<Throwable> thrown = new ArrayList<>();
            for (Case k : cases()) {
                thrown.add(meet(k, dir));
            }
            return new SecretsTest.Failures("hostile answers", List.of(SECRET), List.of("abc123", "token=abc"), thrown);
        } finally {
            stop();
        }
    }

    private void run(Case k) throws IOException {
        long t0 = System.nanoTime();
        Throwable thrown = meet(k, dir);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(thrown instanceof USmartException, k.name + ": " + thrown);
        USmartException e = (USmartException) thrown;
        assertSame(k.kind, e.getClass(), "exact kind: " + e);
        assertFalse(e.what().isBlank(), e.toString());
        assertFalse(e.whatToDo().isBlank(), e.toString());
        assertTrue(e.action() != null && !e.action().isBlank(), e.toString());
        if (k.status >= 0) {
            assertEquals(k.status, e.status(), e.getMessage());
        }
        if (k.attempts > 0) {
            assertEquals(k.attempts, e.attempts(), e.getMessage());
        }
        k.more.accept(e);
        assertTrue(millis <= DEADLINE.plus(GRACE).toMillis(), "ended after " + millis + " ms");
        assertTrue(elsewhere.requests().isEmpty(), "a redirect was followed: " + elsewhere.requests());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertEquals(k.verb.registers(), standIn.count("/file:create") + standIn.count("/file:updateRevision"),
                "registered only after an upload, never repeated blindly: " + standIn.requests());
        if (k.verb == ADD && k.route.equals("/s3:generatePutRequest")) {
            assertEquals(0, standIn.count("/a.csv"), "nothing PUT without a usable URL: " + standIn.requests());
        }
    }

    // ---- tolerated shapes and echoed secrets

    @Test
    void addAnsweredWithoutTheFile_isOursOnceTheViewShowsIt() throws Exception {
        Path f = Sandboxes.csv(dir, "a.csv", 3);
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
        ADD_UPLOADED.around().forEach(standIn::on);
        standIn.on("/dataset:view", StandIn.json(200, VIEW), StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS
                + "\",\"files\":[{\"fileGUID\":\"f-new\",\"fileName\":\"a.csv\",\"fileSize\":" + Files.size(f) + ",\"md5\":\""
                + md5 + "\",\"revision\":1}]}}"));
        standIn.on("/file:create", StandIn.json(200, "{\"result\":\"ok\"}"));
        var up = usmart.dataset(DS).add(f, io.github.usmartkit.upload.UploadOptions.defaults()
                .progress(io.github.usmartkit.progress.ProgressListener.none()));
        assertEquals("f-new", up.fileGuid(), "identified by the view, not by the answer: " + up);
        assertEquals(md5, up.md5());
        assertEquals(1, standIn.count("/file:create"), standIn.requests().toString());
    }

    @Test
    void createPipelineAnsweredWithoutTheContainer_isOursOnceTheViewShowsIt() {
        standIn.on("/dataset:view", StandIn.json(200, VIEW_F1), StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS
                + "\",\"files\":[{\"fileGUID\":\"f1\",\"fileName\":\"a.csv\"}],\"resourceContainers\":[{\"resourceContainerGUID\":"
                + "\"rc-new\",\"pipelineId\":\"csv-to-api\",\"fileGUID\":\"f1\",\"status\":\"new\"}]}}"));
        standIn.on("/resourceContainer:create", StandIn.json(200, "{\"result\":[]}"));
        var p = usmart.dataset(DS).createPipeline("csv-to-api");
        assertEquals("rc-new", p.resourceContainerGuid());
        assertEquals("f1", p.fileGuid());
        assertEquals("new", p.status());
        assertEquals(1, standIn.count("/resourceContainer:create"), standIn.requests().toString());
    }

    @Test
    void aStreamedReadCutShort_isRetried_notTakenForAnswerThatIsNoRows() throws Exception {
        // The cut falls where the prefix is well-formed JSON that is not rows (the soak met this): verify read on and retried.
        Path f = Sandboxes.csv(dir, "a.csv", 3);
        standIn.on("/dataset:view", StandIn.json(200, "{\"result\":{\"datasetGUID\":\"" + DS + "\",\"files\":[{\"fileGUID\":\"f1\","
                + "\"fileName\":\"a.csv\"}],\"resourceContainers\":[{\"resourceContainerGUID\":\"" + RC + "\",\"pipelineId\":\"csv-to-api\","
                + "\"fileGUID\":\"f1\",\"status\":\"complete\"}]}}"));
        standIn.on("/urql", StandIn.cutShort(200, "application/json", "{\"result\": {\"note\": \"the sandbox cut", 120),
                StandIn.json(200, "[{\"site\":\"s0\",\"value\":0,\"usmart_id\":\"a\"},{\"site\":\"s1\",\"value\":1,\"usmart_id\":\"b\"},"
                        + "{\"site\":\"s2\",\"value\":2,\"usmart_id\":\"c\"}]"));
        var report = usmart.dataset(DS).verify("f1", f);
        assertTrue(report.ok(), report.toString());
        assertEquals(2, standIn.count("/urql"), "the cut read was retried: " + standIn.requests());
    }

    @Test
    void jsonWithoutResultEnvelope_isAccepted() {
        standIn.on("/dataset:view", StandIn.json(200,
                "{\"datasetGUID\":\"ds-1\",\"title\":\"Bare\",\"files\":{\"fileGUID\":\"f1\",\"fileName\":\"a.csv\",\"fileSize\":\"12\"}}"));
        var v = usmart.dataset(DS).view();
        assertEquals("Bare", v.title());
        assertEquals(12L, v.files().get(0).fileSize(), "a single object where an array is expected; a number as a string");
    }

    @Test
    void action_returnsWholeJsonWhenNoResult() {
        standIn.on("/custom:thing", StandIn.json(200, "{\"ok\":true}"));
        JsonNode n = usmart.action("custom:thing", Map.of());
        assertTrue(n.path("ok").asBoolean());
    }

    @Test
    void secretEchoedByService_isMasked() {
        standIn.on("/dataset:view", StandIn.json(403,
                "{\"error\":{\"code\":\"Forbidden\",\"message\":\"key key-odd with secret " + SECRET + " has no role\"}}"));
        var e = assertThrows(PermissionException.class, () -> usmart.dataset(DS).view());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(e.serviceMessage().orElse("").contains(SECRET));
        assertTrue(e.getMessage().contains("****"), e.getMessage());
    }

    @Test
    void redirectedKeys_neverTravel() {
        // One representative wording check: the advice names the setting to change.
        standIn.on("/dataset:view", redirect(301));
        var e = assertThrows(ConfigurationException.class, () -> usmart.dataset(DS).view());
        assertTrue(e.getMessage().contains("USMART_BASE_URL"), e.getMessage());
        assertTrue(standIn.requests().get(0).carriesKey(), "the session's own host gets the key");
        assertTrue(elsewhere.requests().isEmpty(), elsewhere.requests().toString());
    }
}
