package io.github.usmartkit.internal.cancel;

import io.github.usmartkit.error.CancelledException;
import io.github.usmartkit.error.Failure;
import io.github.usmartkit.error.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stage machine alone (the sandbox tests, CancelTest and ShellStopTest, drive it through real
 * calls): which state each stage leaves, nesting, and that only an interrupt of this thread makes
 * a failure "cancelled".
 */
class CallStateTest {

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    private static TransportException interruptedCall() {
        Thread.currentThread().interrupt(); // as the kit does where it meets an interrupt
        return new TransportException(Failure.of("dataset:view", "g", "interrupted while waiting", ""));
    }

    @Test
    void aRefreshAllStoppedBeforeAnyRefreshWasSent_changedNothing() {
        CancelledException e = assertThrows(CancelledException.class, () -> CallState.run("refreshAll", "g", () -> {
            CallState.current().refreshing(2);
            throw interruptedCall();
        }));
        assertEquals(CancelledException.State.NOTHING_CHANGED, e.state());
        assertTrue(e.what().contains("refresh not started"), e.what());
        assertTrue(Thread.currentThread().isInterrupted());
    }

    @Test
    void nestedCalls_addToTheOutermost() {
        CancelledException e = assertThrows(CancelledException.class, () -> CallState.run("publish", "g", () -> {
            CallState.current().uploading("a.csv", 4L);
            CallState.current().registering("a.csv", false);
            CallState.current().registered(5L, "f");
            return CallState.run("refreshAll", "g", () -> {
                CallState.current().refreshing(2);
                CallState.current().refreshSent();
                throw interruptedCall();
            });
        }));
        assertEquals("publish", e.action());
        assertEquals(CancelledException.State.REFRESH_REQUESTED, e.state());
        assertEquals(5L, e.revision().orElseThrow());
        assertTrue(e.what().contains("registered as revision 5; refresh of 1 of 2 pipeline(s) requested"), e.what());
    }

    @Test
    void aFailureWithoutAnInterrupt_isLeftAsItIs() {
        TransportException plain = new TransportException(Failure.of("dataset:view", "g", "no answer", "Check the network"));
        assertSame(plain, assertThrows(TransportException.class, () -> CallState.run("replace", "g", () -> {
            CallState.current().uploading("a.csv", 1L);
            throw plain;
        })));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void jshellsStop_isRethrown_afterTheSentenceOnStandardError_withTheStopsInterruptCleared() {
        PrintStream was = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ThreadDeath stop = new ThreadDeath();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertSame(stop, assertThrows(ThreadDeath.class, () -> CallState.run("replace", "g", () -> {
                CallState.current().uploading("a.csv", 4L);
                CallState.current().registering("a.csv", false);
                Thread.currentThread().interrupt(); // JShell's stop comes with one (seen on JDK 17)
                throw stop;
            })));
        } finally {
            System.setErr(was);
        }
        assertEquals("Stopped: a.csv was uploaded and its registration (file:updateRevision) was sent: it may have landed as revision 5."
                + " Check with files() before running it again; running the replace again is safe (an unchanged file is not sent twice).",
                err.toString(StandardCharsets.UTF_8).strip());
        assertFalse(Thread.currentThread().isInterrupted(), "the next snippet runs on this thread: it must not start interrupted");
        assertEquals("stopped before it ended", CallState.current().summary(), "after the call, this thread runs none");
    }

    @Test
    void anAddStoppedAfterItsRegistration_namesTheNewFile() {
        CancelledException e = assertThrows(CancelledException.class, () -> CallState.run("add", "g", () -> {
            CallState.current().uploading("new.csv", null);
            CallState.current().registering("new.csv", true);
            CallState.current().registered(1L, "0b6c1f6e-8d3e-4a57-9a4e-2f1f5d7c9e01");
            throw interruptedCall();
        }));
        assertEquals(CancelledException.State.REGISTERED, e.state());
        assertTrue(e.what().contains("new.csv registered as new file 0b6c1f6e-8d3e-4a57-9a4e-2f1f5d7c9e01"), e.what());
    }
}
