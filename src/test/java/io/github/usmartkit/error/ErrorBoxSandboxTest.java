package io.github.usmartkit.error;

import io.github.usmartkit.Show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.usmartkit.USmart;
import io.github.usmartkit.sandbox.ApiKey;
import io.github.usmartkit.sandbox.Sandbox;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error boxes of the client's real exceptions, from a sandbox over loopback. */
class ErrorBoxSandboxTest {

    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static USmart session(ApiKey key) {
        return USmart.builder().environment(Map.of()).home(null)
                .baseUrl(sandbox.baseUrl()).readUrl(sandbox.baseUrl()).org(sandbox.org())
                .apiKey(key.id(), key.secret()).readTimeout(Duration.ofSeconds(10)).connect();
    }

    @Test
    void unknownDataset_boxNamesGuidAndWhatToDo_withoutStackTrace() {
        try (USmart usmart = session(sandbox.providerKey())) {
            ErrorBox box = assertInstanceOf(ErrorBox.class,
                    Show.attempt(() -> usmart.dataset("00000000-0000-4000-8000-000000000000").view()));
            assertEquals("Not found", box.title());
            String html = box.toHtml();
            assertTrue(html.contains("00000000-0000-4000-8000-000000000000") && html.contains("What to do:"), html);
            assertFalse(html.contains("at io.github.usmartkit"), html);
            assertFalse(html.contains(sandbox.providerKey().secret()), html);
        }
    }

    @Test
    void wrongSecret_boxNeverShowsTheSecret_evenWithDetails() {
        String wrong = "wrong-secret-" + "x".repeat(20);
        try (USmart usmart = session(new ApiKey(sandbox.viewerKey().id(), wrong))) {
            ErrorBox box = assertInstanceOf(ErrorBox.class,
                    Show.attempt(() -> usmart.dataset("114f8ea9-b5fa-45dd-af46-f9313dd31762").view()));
            assertEquals("Authentication", box.title());
            for (String shown : new String[] {box.toHtml(), box.toText(), box.withDetails().toHtml(), box.withDetails().toText()}) {
                assertFalse(shown.contains(wrong), shown);
            }
            assertTrue(box.whatToDo().contains("USMART_API_KEY_SECRET"), box.whatToDo());
        }
    }
}
