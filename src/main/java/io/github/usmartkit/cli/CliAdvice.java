package io.github.usmartkit.cli;

import io.github.usmartkit.error.Failure;
import io.github.usmartkit.internal.text.Guids;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kit's advice in the command line's own terms. The core writes what to do for JShell and
 * notebooks ({@code catalog() lists the organisation's datasets}); someone running
 * {@code usmart publish} from a scheduler needs {@code `usmart catalog`}. Each rule names one
 * Java-API phrase the core emits and says it as a command or option of {@code usmart}.
 *
 * <p>What keeps this from rotting is {@code CliAdviceTest}: it finds every Java call written in
 * the core's strings and fails when one is neither rendered here nor declared unreachable from the
 * command line, and when a rule here no longer matches anything the core writes. A Java call that
 * slips through anyway is not dropped (it may be the only way out): it is marked as meant for
 * {@code usmart shell}, where it can be typed.
 */
final class CliAdvice {

    /** One Java-API phrase (a regular expression) and what the command line says instead ({@code $1} … for its groups). */
    record Rule(Pattern java, String cli) {
        String apply(String text) {
            return java.matcher(text).replaceAll(cli);
        }
    }

    /** A Java call as the core writes one: {@code name(..)}, {@code a.b(x).c()}, with nested parentheses. */
    static final Pattern JAVA_CALL = Pattern.compile("\\b[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*\\((?!s\\))(?:[^()]|\\([^()]*\\))*\\)"
            + "(?:\\.[A-Za-z_]\\w*\\((?:[^()]|\\([^()]*\\))*\\))*");

    private static final String STATUS = "`usmart status DATASET`";
    private static final String ADD_WITH_PIPELINE = "`usmart add DATASET PATH --pipeline csv-to-api`";
    private static final String SHELL_ONLY = "only from `usmart shell` (the Java API), as the command line has no option for it";

    /** Most specific first: a whole sentence before the calls it holds. */
    static final List<Rule> RULES = List.of(
            // registration failed after the upload: the Java API retries the registration alone; the command line uploads again
            literal("Retry only the registration (no second upload) with e.retryRegister() or dataset.register(e.pending()):"
                    + " it checks first that it did not land", "Run the same command again: it uploads the file again and registers it"),
            literal("e.retryRegister() checks again and sends nothing while it cannot tell; if it did not land,"
                    + " e.registerAnyway() registers the upload without a second upload",
                    "If it did not land, running the same command again uploads and registers it"),
            // a GUID copied shortened from JShell's text: the command line prints them whole
            literal("the table holds it in full, e.g. dataset(ds).files().stringColumn(\"fileGUID\").get(0)",
                    "`usmart status DATASET` prints it whole"),
            literal("the table holds it in full, e.g. dataset(ds).pipelines().stringColumn(\"resourceContainerGUID\").get(0)",
                    "`usmart status DATASET` prints it whole"),
            literal("the table holds it in full, e.g. catalog().stringColumn(\"guid\").get(0), or dataset(catalog().row(0))",
                    "`usmart catalog` prints it whole"),
            regex("calling createPipeline again", "running `usmart add` with --pipeline again"),
            literal("createPipeline(\"csv-to-api\", fileGuid)", ADD_WITH_PIPELINE),
            literal("Publish it first: createPipeline(\"csv-to-api\"), then refresh(rc) and awaitProcessed(..)",
                    "Publish it first: `usmart add DATASET PATH --pipeline csv-to-api --wait 10m`"),
            literal("createPipeline(\"csv-to-api\")", ADD_WITH_PIPELINE),
            literal("Wait longer (awaitProcessed(Duration.ofMinutes(10)))", "Wait longer (a longer --wait, e.g. --wait 30m)"),
            literal("awaitProcessed(Duration.ofMinutes(10)) waits again", "`usmart refresh DATASET --wait 10m` asks again and waits"),
            regex("call refresh\\(\"[^\"]*\"\\)", "run `usmart refresh DATASET`"),
            literal("call refresh on the dataset that holds it", "run `usmart refresh` on the dataset that holds it"),
            literal("refreshAll()", "`usmart refresh DATASET`"),
            regex("(?:dataset\\((?:ds|\\.\\.)\\)\\.)?pipelines\\(\\)", STATUS),
            regex("(?:dataset\\((?:ds|\\.\\.)\\)\\.)?files\\(\\)", STATUS),
            literal("dataset(..).view()", STATUS),
            literal("catalog()", "`usmart catalog`"),
            literal("add(path)", "`usmart add DATASET PATH`"),
            literal("e.report() holds the comparison", "--json prints the comparison"),
            literal("Name the one to read: rows(rc) or read(rc) with rc one of", "Name the one to read: `usmart rows RC` with RC one of"),
            literal("UploadOptions.defaults().allowSchemaChange(true)", "--allow-schema-change"),
            regex("UploadOptions\\.defaults\\(\\)\\.fileName\\(\"([^\".]*\\.[^\"]*)\"\\)", "--name $1"),
            regex("UploadOptions\\.defaults\\(\\)\\.fileName\\((?:\\.\\.|\"\\.\\.\\.\")\\)", "--name NAME"),
            literal("to publish an empty file on purpose use UploadOptions.defaults().allowEmpty(true)",
                    "an empty file can be published on purpose " + SHELL_ONLY + " (allowEmpty)"),
            literal("raise the read timeout (USmart.builder().readTimeout(..)) for big answers",
                    "for big answers, a longer read timeout can be set " + SHELL_ONLY),
            literal("or the deadline (RetryPolicy.standard().withDeadline(..))", "or a longer deadline, " + SHELL_ONLY),
            regex("(?:given to |with )USmart\\.builder\\(\\)\\.proxy\\(host, port, user, password\\)",
                    "to the proxy settings, which can be given " + SHELL_ONLY),
            literal(", or with USmart.builder().baseUrl(..) / readUrl(..)",
                    ", or as base_url / read_url in a profile of ~/.usmart/credentials"),
            literal("set it with USmart.builder(), the environment variable", "set it with `usmart configure`, the environment variable"),
            literal("Give the keys with USmart.builder().apiKey(..) or the environment",
                    "Give the keys in the environment or with `usmart configure`"),
            literal("Open a new one with USmart.connect() or Kit.connect()", "Run the command again"),
            literal("read(rc).limit(n).offset(m), or a filter with where(..)", "`usmart rows RC --limit N`, or filters with --query"),
            literal(" (or all())", ""),
            regex("Duration\\.ofMinutes\\((\\d+)\\)", "$1m"),
            regex("Duration\\.ofSeconds\\((\\d+)\\)", "$1s"),
            literal(", or encode text with Urql.encode(..)", ""));

    /** A command in the advice that names the dataset by its placeholder. */
    private static final Pattern DATASET_PLACEHOLDER = Pattern.compile("(`usmart [a-z]+ )DATASET\\b");

    /** The dataset the running command was given, whole (see {@link #forDataset}); null otherwise. */
    private static final ThreadLocal<String> DATASET = new ThreadLocal<>();

    private CliAdvice() {
    }

    /**
     * Runs {@code body} with the advice naming {@code dataset} (the command's own DATASET argument)
     * instead of the placeholder, so that `usmart status 114f8ea9-…` can be run as printed. Only
     * a whole GUID is filled in: a mistyped one stays the placeholder, since it is what failed.
     */
    static <T> T forDataset(String dataset, java.util.function.Supplier<T> body) {
        String before = DATASET.get();
        DATASET.set(dataset != null && Guids.isWhole(dataset.strip()) ? dataset.strip() : null);
        try {
            return body.get();
        } finally {
            DATASET.set(before);
        }
    }

    private static Rule literal(String java, String cli) {
        return new Rule(Pattern.compile(Pattern.quote(java)), Matcher.quoteReplacement(cli));
    }

    private static Rule regex(String java, String cli) {
        return new Rule(Pattern.compile(java), cli);
    }

    /** {@code text} (a message, a report line, a caption) with every Java-API phrase a rule knows said as the command line says it. */
    static String rewrite(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule r : RULES) {
            out = r.apply(out);
        }
        String dataset = DATASET.get();
        return dataset == null ? out : DATASET_PLACEHOLDER.matcher(out).replaceAll("$1" + dataset);
    }

    /**
     * Advice in the command line's terms: {@link #rewrite}, and a Java call no rule knows kept (it
     * may be the only way out) but marked as meant for {@code usmart shell}, where it can be typed.
     */
    static String advice(String whatToDo) {
        String out = rewrite(whatToDo);
        if (out != null && JAVA_CALL.matcher(out).find()) {
            out = out + (out.endsWith(".") ? "" : ".") + " (Java calls above: type them in `usmart shell`)";
        }
        return out;
    }

    /** The failure as the command line says it: what went wrong (its Java phrases rewritten) and {@link #advice}. */
    static Failure failure(Failure f) {
        return f.withWhat(rewrite(f.what())).withWhatToDo(advice(f.whatToDo()));
    }
}
