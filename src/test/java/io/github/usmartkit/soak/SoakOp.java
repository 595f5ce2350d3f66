package io.github.usmartkit.soak;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usmartkit.error.USmartException;
import io.github.usmartkit.upload.RegistrationFailedException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operation of the soak and everything the kit reported about it: its outcome as the caller
 * saw it (the result, or the exception and its fields), the steps' times, and the lines the
 * kit wrote to the session's history meanwhile (its own record of each write). Public fields:
 * written as they are to the soak's JSON.
 */
final class SoakOp {

    /** Outcomes as the caller saw them. */
    static final String OK = "ok";
    /** A kit exception with a what-to-do, saying that it did not land (or nothing was written). */
    static final String FAILED = "failed";
    /** A kit exception saying that whether it landed cannot be told. */
    static final String UNKNOWN = "unknown";
    /** Anything else: not a kit exception, or one without a what-to-do. */
    static final String UNCLEAR = "unclear";

    static final String AWAIT = "replace-refresh-await";
    static final String ADD = "add";
    static final String PIPELINE = "createPipeline";
    static final String PUBLISH = "publish";

    public int id;
    public int thread;
    public String kind;
    public String dataset;
    /** The file the operation is on (the home file, or the file a pipeline is made for), or null for an add. */
    public String file;
    /** The name the file is sent under (an add's is unique to the operation). */
    public String name;
    /** MD5 and size of the local file sent, computed by the soak (not the kit). */
    public String md5;
    public long bytes;
    /** Milliseconds since the soak phase began, and the whole operation's duration. */
    public long startMs;
    public long millis;
    public String outcome;
    /** Whether the kit said the write may have landed ({@link RegistrationFailedException#mayHaveLanded()}, or "may-have-landed" in its history). */
    public boolean mayHaveLanded;

    // what the kit reported
    public String reportedFile;
    public Long reportedRevision;
    public String reportedMd5;
    public String reference;
    public String container;
    public String uploadOutcome;

    // a failure's fields
    public String error;
    public String action;
    public String what;
    public String whatToDo;
    public int attempts;
    public String trace;

    public Map<String, Long> steps = new LinkedHashMap<>();
    /** The history lines written during the operation. */
    public List<JsonNode> writes = new ArrayList<>();
    /** What the checks found about this operation after the soak ("landed", "not landed", an anomaly). */
    public List<String> findings = new ArrayList<>();

    /** Records a failure: its kind of outcome and the exception's fields. */
    void failed(Throwable t) {
        error = t.getClass().getName();
        if (t instanceof USmartException u && !u.whatToDo().isBlank()) {
            action = u.action();
            what = u.what();
            whatToDo = u.whatToDo();
            attempts = u.attempts();
            if (u instanceof RegistrationFailedException r) {
                reference = r.reference();
                mayHaveLanded |= r.mayHaveLanded();
            }
            outcome = mayHaveLanded ? UNKNOWN : FAILED;
        } else {
            outcome = UNCLEAR;
            what = String.valueOf(t.getMessage());
            if (t instanceof USmartException u) {
                action = u.action();
                whatToDo = u.whatToDo();
            }
            StringBuilder sb = new StringBuilder();
            StackTraceElement[] s = t.getStackTrace();
            for (int i = 0; i < Math.min(8, s.length); i++) {
                sb.append(s[i]).append('\n');
            }
            trace = sb.toString();
        }
    }

    /** The history lines of {@code action} written during this operation. */
    List<JsonNode> writes(String historyAction) {
        return writes.stream().filter(w -> historyAction.equals(w.path("action").asText())).toList();
    }

    boolean ok() {
        return OK.equals(outcome);
    }

    @Override
    public String toString() {
        return "op " + id + " (thread " + thread + ", " + kind + (name == null ? "" : " " + name) + ", " + outcome + ")";
    }
}
