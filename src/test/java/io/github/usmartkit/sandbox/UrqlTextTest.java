package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.UrqlFixture.assertRows;
import static io.github.usmartkit.sandbox.UrqlFixture.expected;
import static io.github.usmartkit.sandbox.UrqlFixture.urql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.usmartkit.sandbox.UrqlFixture.Reading;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** re, match (ranked by how many words a row holds) and matchphrase (with slop). */
class UrqlTextTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension(b -> b.processingDelay(Duration.ofMillis(10)));

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static List<Reading> all;
    static String rc;

    @BeforeAll
    static void start() {
        all = UrqlFixture.readings(200);
        rc = UrqlFixture.publish(sb(), "notes.csv", UrqlFixture.csv(all));
    }

    /** The test's own reading of a note's words: lower-case runs of letters. */
    static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase().split("[^a-z']+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void re_matchesTheWholeValue() {
        Pattern north = Pattern.compile("North.*");
        assertRows(expected(all, x -> north.matcher(x.site()).matches()), urql(sb(), rc, "limit(-1)&re(site,North.*)"), all, "re");
        assertRows(expected(all, x -> x.tag().matches("4[01].")), urql(sb(), rc, "limit(-1)&re(tag,4%5B01%5D.)"), all, "re with []");
        assertRows(List.of(), urql(sb(), rc, "limit(-1)&re(site,orth)"), all, "anchored: a part does not match");
        assertRows(expected(all, x -> x.site().matches(".*(Park|Road)")), urql(sb(), rc, "limit(-1)&re(site,.*%28Park%7CRoad%29)"),
                all, "encoded parentheses and a pipe are the regex's");
    }

    @Test
    void re_thatDoesNotCompile_isRefused() {
        TestHttp.Resp r = UrqlFixture.get(sb(), rc, "re(site,North%5B)");
        assertEquals("ValidationError", r.error(400));
        assertEquals("North%5B", r.json().get("error").get("term").asText());
    }

    @Test
    void match_keepsRowsWithAnyWord_rankedByHowMany() {
        Set<String> wanted = Set.of("school", "traffic");
        List<Integer> want = all.stream()
                .filter(x -> words(x.note()).stream().anyMatch(wanted::contains))
                .sorted(Comparator.comparingLong((Reading x) -> -words(x.note()).stream().filter(wanted::contains).distinct().count()))
                .map(Reading::row).toList();
        assertFalse(want.isEmpty());
        assertRows(want, urql(sb(), rc, "limit(-1)&match(note,school%20traffic)"), all, "match ranked");
        assertRows(want.subList(0, 7), urql(sb(), rc, "limit(7)&match(note,School%20TRAFFIC)"), all, "case-insensitive, a page of the ranking");
        List<Integer> bySort = all.stream().filter(x -> words(x.note()).stream().anyMatch(wanted::contains))
                .sorted(Comparator.comparingLong(Reading::count)).map(Reading::row).toList();
        assertRows(bySort, urql(sb(), rc, "limit(-1)&match(note,school%20traffic)&sort(+count)"), all, "an explicit sort replaces the ranking");
    }

    @Test
    void matchPhrase_wantsTheWordsInOrder_slopAllowsWordsBetween() {
        assertRows(expected(all, x -> x.note().contains("near the school")), urql(sb(), rc, "limit(-1)&matchphrase(note,near%20the%20school)"),
                all, "exact phrase");
        // "heavy traffic near the school": traffic … school has two words between
        assertRows(List.of(), urql(sb(), rc, "limit(-1)&matchphrase(note,traffic%20school,1)"), all, "slop 1 is too little");
        assertRows(expected(all, x -> x.note().equals("heavy traffic near the school")),
                urql(sb(), rc, "limit(-1)&matchphrase(note,traffic%20school,2)"), all, "slop 2");
        assertRows(List.of(), urql(sb(), rc, "limit(-1)&matchphrase(note,school%20traffic)"), all, "not next to each other");
        assertRows(expected(all, x -> x.note().equals("school run traffic")), urql(sb(), rc, "limit(-1)&matchphrase(note,school%20traffic,1)"),
                all, "one word between");
        assertRows(List.of(), urql(sb(), rc, "limit(-1)&matchphrase(note,school%20heavy,5)"), all, "in order only");
        assertEquals("ValidationError", UrqlFixture.get(sb(), rc, "matchphrase(note,a%20b,lots)").error(400));
    }

    @Test
    void match_ofOneWord() {
        assertRows(expected(all, x -> words(x.note()).contains("bus")), urql(sb(), rc, "limit(-1)&match(note,bus)"), all, "one word");
        assertEquals("ValidationError", UrqlFixture.get(sb(), rc, "match(note,%20%2C)").error(400), "no word to look for");
    }
}
