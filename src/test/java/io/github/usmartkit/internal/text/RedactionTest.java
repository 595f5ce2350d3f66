package io.github.usmartkit.internal.text;


import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactionTest {

    @Test
    void clean_stripsQueryOfEveryUrl() {
        String s = Redaction.clean("PUT to http://127.0.0.1:1/s3/b/k.csv?X-Usmart-Expires=1&X-Usmart-Signature=abc failed; "
                + "see https://s3.amazonaws.com/b/k?X-Amz-Credential=AKIA&X-Amz-Signature=def.");
        assertFalse(s.contains("abc"), s);
        assertFalse(s.contains("AKIA"), s);
        assertFalse(s.contains("def"), s);
        assertTrue(s.contains("http://127.0.0.1:1/s3/b/k.csv?…"), s);
    }

    @Test
    void clean_masksStraySignatureParameters() {
        String s = Redaction.clean("query was X-Amz-Signature=deadbeef&x=1");
        assertFalse(s.contains("deadbeef"), s);
    }

    @Test
    void clean_replacesSecrets() {
        assertEquals("key **** refused", Redaction.clean("key hunter2-secret refused", "hunter2-secret"));
    }

    @Test
    void withoutQuery_keepsPath() {
        assertEquals("https://h/p/a.csv", Redaction.withoutQuery("https://h/p/a.csv?sig=1#x"));
    }

    @Test
    void excerpt_dropsTagsAndCaps() {
        String e = Redaction.excerpt("<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1>" + "x".repeat(500) + "</body></html>", 40);
        assertTrue(e.startsWith("502 Bad Gateway"), e);
        assertTrue(e.length() <= 41, e);
    }
}
