package io.github.usmartkit;


import io.github.usmartkit.config.RetryPolicy;
import io.github.usmartkit.sandbox.ApiKey;
import io.github.usmartkit.sandbox.RequestLog;
import io.github.usmartkit.sandbox.Sandbox;
import io.github.usmartkit.sandbox.SandboxExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The demo organisation's fixed GUIDs and a session on a sandbox, for tests. */
final class Sandboxes {

    static final String AIR = "114f8ea9-b5fa-45dd-af46-f9313dd31762";
    static final String AIR_FILE = "3880d4e6-ffdd-465b-bd97-56901021ef1c";
    static final String AIR_API = "e5a73062-ed6c-4282-8262-b33ae725f02b";
    static final String AIR_DOWNLOAD = "c3c07df2-3773-45aa-8597-b78b38666096";
    static final String CAR = "a60c7aad-cf06-4def-938e-31a6432d45f1";
    static final String CAR_FILE = "4d12f6b1-27d0-40e9-b104-cf702d2f382b";
    static final String CAR_API = "ade675ea-1a63-4322-9d7a-c58782afe012";
    static final String BIN = "127ec799-8236-47e1-96e6-599762f1025d";
    static final String BIN_API = "14097793-c88a-48d1-b817-29a4a0017332";
    static final String PLAYGROUND = "6acb8f8c-7bd3-46a0-9633-f271c8d17ed2";
    static final String RECYCLING = "a2624c83-2296-497a-a725-fef950f3724f";
    static final String STREET_LIGHTS = "85300a7e-c4b8-4535-9b26-9391844850cc";
    static final String EV_CHARGERS = "ac686671-8e53-410a-ba57-4fb2ae845272";
    static final String MISSING = "00000000-0000-4000-8000-000000000000";

    /** Quick retries so that fault tests stay fast; Retry-After is still honoured. */
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));

    private Sandboxes() {
    }

    static USmart connect(Sandbox sb, ApiKey key) {
        return builder(sb, key).connect();
    }

    static USmart.Builder builder(Sandbox sb, ApiKey key) {
        return USmart.builder().environment(Map.of()).home(null)
                .baseUrl(sb.baseUrl()).readUrl(sb.baseUrl()).org(sb.org())
                .apiKey(key.id(), key.secret()).retryPolicy(FAST)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    /**
     * One sandbox (a {@link SandboxExtension}: its request log, faults dropped after each test) and a
     * Provider session on it for a whole test class.
     * {@code @RegisterExtension static final Sandboxes.Session session = new Sandboxes.Session(b -> b);}
     */
    static final class Session implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback, org.junit.jupiter.api.extension.BeforeEachCallback,
            org.junit.jupiter.api.extension.AfterEachCallback {
        private final SandboxExtension sandbox;
        private USmart usmart;

        Session(java.util.function.UnaryOperator<Sandbox.Builder> configure) {
            this.sandbox = new SandboxExtension(configure);
        }

        Sandbox sandbox() {
            return sandbox.sandbox();
        }

        USmart usmart() {
            return usmart;
        }

        RequestLog log() {
            return sandbox.log();
        }

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            sandbox.beforeAll(context);
            usmart = connect(sandbox.sandbox(), sandbox.sandbox().providerKey());
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
            usmart.close();
            sandbox.afterAll(context);
        }

        @Override
        public void beforeEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            sandbox.beforeEach(context);
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) {
            sandbox.afterEach(context);
        }
    }

    /** A CSV with the air-quality file's columns (timestamp,site,no2,pm10,pm25): replacing it passes the schema guard. */
    static Path airCsv(Path dir, String name, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,site,no2,pm10,pm25\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2026-02-01T").append(String.format("%02d", i % 24)).append(":00:00Z,Site ").append(i % 4).append(',')
                    .append(20 + i % 7).append(".5,14.0,").append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    /** A CSV with the car-park file's columns (timestamp,car_park,capacity,occupied). */
    static Path carCsv(Path dir, String name, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,car_park,capacity,occupied\n");
        for (int i = 0; i < rows; i++) {
            sb.append("2026-11-20T06:").append(String.format("%02d", i % 60)).append(":00Z,Park ").append(i % 5).append(",640,").append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }

    /** A small CSV in {@code dir}, for calls that must fail before reading it. */
    static Path csvQuietly(Path dir) {
        try {
            return csv(dir, "quiet.csv", 2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path csv(Path dir, String name, int rows) throws IOException {
        StringBuilder sb = new StringBuilder("site,value\n");
        for (int i = 0; i < rows; i++) {
            sb.append("s").append(i % 3).append(',').append(i).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb.toString());
    }
}
