package io.github.usmartkit.internal.http;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the kit knows about one call to the service: its name, and whether it may be repeated
 * after an ambiguous failure (a 5xx, a timeout, a cut-off answer, after which it may or may not
 * have taken effect). Every action the kit calls is declared here; adding one is a line here (and
 * its implementation in the sandbox's {@code ControlPlane}).
 *
 * @param name      the action as it appears in the URL ({@code dataset:view}), or a label for
 *                  non-action calls ({@code urql}, {@code dcat}, {@code PUT})
 * @param repeat    whether it is safe to repeat blindly
 * @param guidField the body field naming the GUID the call concerns (for messages), or null
 * @param write     whether it changes something on the service (a dry run does not send it)
 */
public record Action(String name, Repeat repeat, String guidField, boolean write) {

    /** Whether a call may be repeated after an ambiguous failure. */
    public enum Repeat {
        /** Repeating it cannot do harm (a read, a fresh signed URL, a re-queue). */
        SAFE,
        /** Not idempotent: after an ambiguous failure, check whether it landed before sending it again. */
        CHECK_FIRST
    }

    public static final Action DATASET_VIEW = new Action("dataset:view", Repeat.SAFE, "datasetGUID", false);
    public static final Action GENERATE_PUT_REQUEST = new Action("s3:generatePutRequest", Repeat.SAFE, null, false);
    public static final Action FILE_CREATE = new Action("file:create", Repeat.CHECK_FIRST, "datasetGUID", true);
    public static final Action FILE_UPDATE_REVISION = new Action("file:updateRevision", Repeat.CHECK_FIRST, "fileGUID", true);
    public static final Action CONTAINER_CREATE = new Action("resourceContainer:create", Repeat.CHECK_FIRST, "datasetGUID", true);
    public static final Action CONTAINER_PROCESS = new Action("resourceContainer:process", Repeat.SAFE, "resourceContainerGUID", true);

    /** A read of published rows (URQL). */
    public static final Action URQL = new Action("urql", Repeat.SAFE, null, false);
    /** A read of a DCAT catalogue. */
    public static final Action DCAT = new Action("dcat", Repeat.SAFE, null, false);
    /** A file download. */
    public static final Action DOWNLOAD = new Action("resource", Repeat.SAFE, null, false);
    /** The presigned PUT of an upload: idempotent (same bytes, same key). */
    public static final Action PUT = new Action("PUT", Repeat.SAFE, null, true);

    /** The control-plane actions the kit knows, by name. */
    public static final Map<String, Action> CONTROL_PLANE = List.of(DATASET_VIEW, GENERATE_PUT_REQUEST, FILE_CREATE,
            FILE_UPDATE_REVISION, CONTAINER_CREATE, CONTAINER_PROCESS).stream()
            .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));

    /**
     * The action called {@code name}: a known one, or an unknown one, which is treated as not
     * safe to repeat (nothing is known of its effect).
     */
    public static Action named(String name) {
        Action a = CONTROL_PLANE.get(name);
        return a != null ? a : new Action(name, Repeat.CHECK_FIRST, null, true);
    }

    /** Whether it may be repeated after an ambiguous failure. */
    public boolean safeToRepeat() {
        return repeat == Repeat.SAFE;
    }

    /** Whether it is a control-plane action ({@code POST /org/{org}/{name}}). */
    public boolean controlPlane() {
        return name.contains(":");
    }

    @Override
    public String toString() {
        return name;
    }
}
