package io.github.usmartkit.error;

import io.github.usmartkit.Show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorBoxTest {

    @Test
    void html_saysWhatWentWrongAndWhatToDo_withoutStackTrace() {
        NotFoundException e = new NotFoundException(Failure.of("dataset:view", "1234", "no such dataset", "List the datasets with catalog()."));
        ErrorBox box = ErrorBox.of(e);
        assertEquals(e.failure().summary(), box.whatWentWrong(), "the facts, without the advice");
        assertEquals(e.whatToDo(), box.whatToDo(), "the exception's own advice");
        String html = box.toHtml();
        assertTrue(html.contains("Not found"), html);
        assertTrue(html.contains("dataset:view on 1234 failed: no such dataset"), html);
        assertTrue(html.contains("List the datasets with catalog()."), html);
        assertFalse(html.contains("at io.github") || html.contains("ErrorBoxTest.java"), html);
    }

    @Test
    void scrubsSignedUrlQueryAndSecretValues() {
        RuntimeException e = new IllegalStateException("PUT http://127.0.0.1:1/s3/b/k.csv?X-Usmart-Expires=1&X-Usmart-Signature=abcdef"
                + " failed; api-key-secret: s3cr3tValue");
        for (String out : new String[] {ErrorBox.of(e).toHtml(), ErrorBox.of(e).toText(), ErrorBox.of(e).withDetails().toText()}) {
            assertFalse(out.contains("abcdef") || out.contains("X-Usmart-Expires=1"), out);
            assertFalse(out.contains("s3cr3tValue"), out);
            assertTrue(out.contains("http://127.0.0.1:1/s3/b/k.csv?…"), out);
        }
    }

    @Test
    void withDetails_foldsTheStackTraceAway() {
        String html = ErrorBox.of(new IllegalArgumentException("bad")).withDetails().toHtml();
        assertTrue(html.contains("<details>") && html.contains("ErrorBoxTest"), html);
    }

    @Test
    void kindWithoutAdvice_getsAdviceByKind() {
        ErrorBox box = ErrorBox.of(new IllegalArgumentException("column 'x' missing"));
        assertEquals("Illegal argument", box.title());
        assertTrue(box.whatToDo().startsWith("Correct the value"), box.whatToDo());
    }

    @Test
    void ofClassNameAndMessage_titlesAndAdvisesByTheReportedKind_andScrubs() {
        ErrorBox box = ErrorBox.of("io.github.usmartkit.error.NotFoundException",
                "dataset:view on 1234 failed; GET http://127.0.0.1:1/o?X-Usmart-Signature=abcdef");
        assertEquals("Not found", box.title());
        assertTrue(box.whatToDo().startsWith("Check the GUID"), box.whatToDo());
        String html = box.toHtml();
        assertTrue(html.contains("dataset:view on 1234 failed") && html.contains("What to do:"), html);
        assertFalse(html.contains("abcdef") || box.toText().contains("abcdef"), html);
        assertFalse(box.withDetails().toText().contains("\tat "), "no stack trace to show");
    }

    @Test
    void html_escapesMessage() {
        String html = ErrorBox.of(new RuntimeException("<img src=x onerror=alert(1)>")).toHtml();
        assertFalse(html.contains("<img"), html);
    }

    @Test
    void attempt_returnsValueOrErrorBox() {
        assertEquals(42, Show.attempt(() -> 42));
        Object failed = Show.attempt(() -> {
            throw new IllegalStateException("boom");
        });
        ErrorBox box = assertInstanceOf(ErrorBox.class, failed);
        assertEquals("boom", box.whatWentWrong());
    }
}
