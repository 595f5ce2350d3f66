package io.github.usmartkit;


import io.github.usmartkit.upload.RegistrationFailedException;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.sandbox.ApiKey;
import io.github.usmartkit.sandbox.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API secret and signed URL query strings never appear in any message, toString or display. */
class SecretsTest {

    static Sandbox sandbox;
    static USmart usmart;
    static String secret;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.start();
        secret = sandbox.providerKey().secret();
        usmart = Sandboxes.connect(sandbox, sandbox.providerKey());
    }

    @AfterAll
    static void stop() {
        usmart.close();
        sandbox.close();
    }

    private static String everything(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        StringBuilder sb = new StringBuilder(w.toString());
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(t.getMessage());
        }
        if (e instanceof USmartException u) {
            sb.append(u.serviceMessage().orElse("")).append(u.guid().orElse(""));
        }
        return sb.toString();
    }

    private static void clean(String s) {
        assertFalse(s.contains(secret), "secret leaked: " + s);
        assertFalse(s.contains("X-Usmart-Signature="), "signed query leaked: " + s);
        assertFalse(s.contains("X-Usmart-Expires="), "signed query leaked: " + s);
    }

    @Test
    void exceptions_neverCarrySecretOrSignedQuery() throws Exception {
        Path f = Sandboxes.csv(dir, "s.csv", 3);
        Path empty = Files.createFile(dir.resolve("e.csv"));
        List<Executable> failing = new ArrayList<>();
        failing.add(() -> usmart.dataset(Sandboxes.MISSING).view());
        failing.add(() -> usmart.dataset(Sandboxes.PLAYGROUND).add(empty));
        failing.add(() -> usmart.dataset(Sandboxes.AIR).replace(Sandboxes.MISSING, f));
        failing.add(() -> usmart.action("nope:nope", Map.of()));
        failing.add(() -> usmart.rows(Sandboxes.MISSING));
        failing.add(() -> {
            sandbox.faults().expireNextUrls(10);
            try {
                usmart.dataset(Sandboxes.PLAYGROUND).add(f);
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            sandbox.faults().failNext("PUT", 503, 10);
            try {
                usmart.dataset(Sandboxes.PLAYGROUND).add(f);
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            sandbox.faults().failNext("dataset:view", 500, 10);
            try {
                usmart.dataset(Sandboxes.AIR).view();
            } finally {
                sandbox.faults().clear();
            }
        });
        failing.add(() -> {
            try (USmart wrong = Sandboxes.connect(sandbox, new ApiKey(sandbox.providerKey().id(), secret + "x"))) {
                wrong.dataset(Sandboxes.AIR).view();
            }
        });
        for (Executable x : failing) {
            USmartException e = assertThrows(USmartException.class, x);
            clean(everything(e));
        }
    }

    @Test
    void registrationFailure_pendingAndMessageAreClean() throws Exception {
        sandbox.faults().failNext("file:create", 400, 1);
        RegistrationFailedException e = assertThrows(RegistrationFailedException.class,
                () -> usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "r.csv", 2)));
        clean(everything(e));
        clean(e.pending().toString());
        assertTrue(e.pending().toString().contains(e.reference()));
    }

    @Test
    void progressLabels_neverCarrySecretOrSignedQuery() throws Exception {
        List<String> labels = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.github.usmartkit.progress.ProgressListener recorder = new io.github.usmartkit.progress.ProgressListener() {
            @Override
            public void update(String task, long done, long total) {
                labels.add(task);
            }

            @Override
            public void finished(String task, boolean ok) {
                labels.add(task);
            }
        };
        sandbox.faults().expireNextUrls(1); // a failed PUT and a retry with a fresh URL
        try {
            usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "p.csv", 3), recorder);
        } finally {
            sandbox.faults().clear();
        }
        assertTrue(labels.size() >= 4, labels.toString());
        for (String l : labels) {
            clean(l);
            assertTrue(l.equals("upload p.csv"), l);
        }
    }

    @Test
    void modelsAndSession_displayNoSecret() throws Exception {
        var up = usmart.dataset(Sandboxes.PLAYGROUND).add(Sandboxes.csv(dir, "m.csv", 2));
        var view = usmart.dataset(Sandboxes.AIR).view();
        var refresh = usmart.dataset(Sandboxes.AIR).refreshAll();
        for (Object o : new Object[] {usmart, usmart.settings(), usmart.dataset(Sandboxes.AIR), up, view, refresh,
                usmart.read(Sandboxes.AIR_API), usmart.catalog()}) {
            clean(o.toString());
            if (o instanceof io.github.usmartkit.display.Displayable d) {
                clean(d.toHtml());
                clean(d.toText());
            }
        }
    }
}
