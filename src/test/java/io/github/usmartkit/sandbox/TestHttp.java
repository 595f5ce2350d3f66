package io.github.usmartkit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Plain JDK HTTP calls to a sandbox for the tests (deliberately not the kit's client). */
final class TestHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestHttp() {
    }

    record Resp(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The error code of a JSON error body, asserting the status. */
        String error(int expectedStatus) {
            assertEquals(expectedStatus, status, body);
            JsonNode e = json().get("error");
            assertEquals(expectedStatus, e.get("status").asInt());
            assertFalse(e.get("message").asText().isBlank());
            assertFalse(body.contains("\tat "), "no stack trace in " + body);
            return e.get("code").asText();
        }

        /** The S3 error code of an XML error body, asserting the status. */
        String s3Error(int expectedStatus) {
            assertEquals(expectedStatus, status, body);
            assertEquals("application/xml", headers.firstValue("Content-Type").orElse(""));
            int a = body.indexOf("<Code>");
            int b = body.indexOf("</Code>");
            return body.substring(a + 6, b);
        }
    }

    static Resp send(HttpRequest req) {
        try {
            HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Resp post(Sandbox sb, String action, ApiKey key, String body) {
        return postTo(sb.baseUrl() + "/org/" + sb.org() + "/" + action, key, body);
    }

    static Resp postTo(String url, ApiKey key, String body) {
        return send(postRequest(url, key, body));
    }

    /** A POST of a JSON body with the key's headers (none when key is null), built but not sent. */
    static HttpRequest postRequest(String url, ApiKey key, String body) {
        return withKey(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), key).build();
    }

    private static HttpRequest.Builder withKey(HttpRequest.Builder b, ApiKey key) {
        return key == null ? b : b.header("api-key-id", key.id()).header("api-key-secret", key.secret());
    }

    /** POSTs and returns {@code result}, asserting 200. */
    static JsonNode ok(Sandbox sb, String action, ApiKey key, String body) {
        Resp r = post(sb, action, key, body);
        assertEquals(200, r.status(), r.body());
        return r.json().get("result");
    }

    static Resp get(String url, ApiKey key) {
        return send(withKey(HttpRequest.newBuilder(URI.create(url)).GET(), key).build());
    }

    static Resp put(String url, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** s3:generatePutRequest + PUT; returns the reference. */
    static String upload(Sandbox sb, String fileName, byte[] bytes) {
        JsonNode put = ok(sb, "s3:generatePutRequest", sb.providerKey(), "{\"fileName\":" + quote(fileName) + "}");
        Resp r = put(put.get("signedRequest").asText(), put.get("contentType").asText(), bytes);
        assertEquals(200, r.status(), r.body());
        return put.get("reference").asText();
    }

    /** The body of a file:create. */
    static String fileCreateBody(String datasetGUID, String reference, String fileName, long fileSize) {
        return JSON.createObjectNode().put("datasetGUID", datasetGUID).put("reference", reference)
                .put("fileName", fileName).put("fileSize", fileSize).toString();
    }

    /** The body of a file:updateRevision, without the optional {@code action} field. */
    static String updateRevisionBody(String reference, String fileName, String fileGUID, long fileSize) {
        return updateRevisionNode(reference, fileName, fileGUID, fileSize).toString();
    }

    private static ObjectNode updateRevisionNode(String reference, String fileName, String fileGUID, long fileSize) {
        return JSON.createObjectNode().put("reference", reference).put("fileName", fileName)
                .put("fileGUID", fileGUID).put("fileSize", fileSize);
    }

    /** Uploads the bytes and registers them as a new file of the dataset; returns the file, asserting 200. */
    static JsonNode createFile(Sandbox sb, String datasetGUID, String fileName, byte[] bytes) {
        String ref = upload(sb, fileName, bytes);
        return ok(sb, "file:create", sb.providerKey(), fileCreateBody(datasetGUID, ref, fileName, bytes.length));
    }

    static JsonNode updateRevision(Sandbox sb, String fileGUID, String fileName, byte[] bytes) {
        String ref = upload(sb, fileName, bytes);
        return ok(sb, "file:updateRevision", sb.providerKey(),
                updateRevisionNode(ref, fileName, fileGUID, bytes.length).put("action", "file:updateRevision").toString());
    }

    static JsonNode view(Sandbox sb, String datasetGUID) {
        return ok(sb, "dataset:view", sb.viewerKey(), "{\"datasetGUID\":\"" + datasetGUID + "\"}");
    }

    static JsonNode container(Sandbox sb, String datasetGUID, String containerGUID) {
        for (JsonNode c : view(sb, datasetGUID).get("resourceContainers")) {
            if (c.get("resourceContainerGUID").asText().equals(containerGUID)) {
                return c;
            }
        }
        throw new AssertionError("no container " + containerGUID);
    }

    /** Polls dataset:view until the container is complete or failed (bounded, not a timing assertion). */
    static JsonNode awaitProcessed(Sandbox sb, String datasetGUID, String containerGUID) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            JsonNode c = container(sb, datasetGUID, containerGUID);
            String st = c.get("status").asText();
            if (st.equals("complete") || st.equals("failed")) {
                return c;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("container " + containerGUID + " never finished processing");
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends raw bytes over a socket and returns everything the server answers until it closes. */
    static String raw(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("</Error>")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // the server closed the connection; what arrived is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
