package io.github.usmartkit.internal.http;

import io.github.usmartkit.internal.http.Problem.Kind;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorMappingTest {

    @Test
    void retryAfter_readsSecondsAndDates() {
        assertEquals(Duration.ofSeconds(3), ErrorMapping.retryAfter("3"));
        assertNull(ErrorMapping.retryAfter("soon"));
        assertEquals(Duration.ZERO, ErrorMapping.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Duration.ZERO, ErrorMapping.retryAfter("-5"));
    }

    @Test
    void kindOf_mapsStatuses() {
        assertEquals(Kind.AUTHENTICATION, ErrorMapping.kindOf(401));
        assertEquals(Kind.PERMISSION, ErrorMapping.kindOf(403));
        assertEquals(Kind.NOT_FOUND, ErrorMapping.kindOf(404));
        assertEquals(Kind.NOT_FOUND, ErrorMapping.kindOf(410));
        assertEquals(Kind.RATE_LIMITED, ErrorMapping.kindOf(429));
        assertEquals(Kind.TRANSPORT, ErrorMapping.kindOf(407));
        assertEquals(Kind.BAD_REQUEST, ErrorMapping.kindOf(422));
        assertEquals(Kind.SERVICE, ErrorMapping.kindOf(503));
    }

    @Test
    void answered_serverErrorIsTransientAndAmbiguous_rateLimitOnlyTransient() {
        Problem p503 = ErrorMapping.answered(Action.FILE_CREATE, "ds", 503, 503, "ServiceUnavailable", "down", null, "org");
        assertTrue(p503.transientFailure());
        assertTrue(p503.ambiguous(), "a 5xx may have been applied before it failed");
        assertFalse(p503.failure().whatToDo().isBlank());
        Problem p429 = ErrorMapping.answered(Action.FILE_CREATE, "ds", 429, 429, null, null, Duration.ofSeconds(2), "org");
        assertTrue(p429.transientFailure());
        assertFalse(p429.ambiguous(), "a 429 was certainly not applied");
        assertEquals(Duration.ofSeconds(2), p429.failure().retryAfter());
        Problem p400 = ErrorMapping.answered(Action.FILE_CREATE, "ds", 400, 400, "ValidationError", "bad", null, "org");
        assertFalse(p400.transientFailure());
    }

    @Test
    void notFoundAdvice_fitsTheAction() {
        assertTrue(ErrorMapping.hint(Kind.NOT_FOUND, Action.DATASET_VIEW, "org").contains("catalog()"),
                "an unknown dataset is found in the catalogue, not in view() of that same dataset");
        assertTrue(ErrorMapping.hint(Kind.NOT_FOUND, Action.FILE_UPDATE_REVISION, "org").contains("files()"));
        assertTrue(ErrorMapping.hint(Kind.NOT_FOUND, Action.CONTAINER_PROCESS, "org").contains("pipelines()"));
    }
}
