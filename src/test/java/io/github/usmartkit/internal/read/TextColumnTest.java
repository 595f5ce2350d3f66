package io.github.usmartkit.internal.read;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The string columns the reader builds into Tablesaw's structures directly behave as columns
 * made by {@code StringColumn.append}: checked operation by operation against one.
 */
class TextColumnTest {

    private static List<String> values(int n, int distinct) {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(i % 17 == 3 ? null : "v" + (i % distinct));
        }
        return v;
    }

    private static StringColumn reference(List<String> values) {
        StringColumn c = StringColumn.create("c");
        for (String v : values) {
            if (v == null) {
                c.appendMissing();
            } else {
                c.append(v);
            }
        }
        return c;
    }

    private static StringColumn built(List<String> values, boolean distinct) {
        TextColumn b = new TextColumn(4, distinct);
        values.forEach(b::append);
        return b.build("c");
    }

    private static void assertSameAs(StringColumn want, StringColumn got) {
        assertSameAs(want, got, true);
    }

    /** {@code categories}: also what only a dictionary offers (Tablesaw's plain data refuses countByCategory). */
    private static void assertSameAs(StringColumn want, StringColumn got, boolean categories) {
        assertEquals(want.asList(), got.asList());
        assertEquals(want.size(), got.size());
        assertEquals(want.countMissing(), got.countMissing());
        assertEquals(want.countUnique(), got.countUnique());
        assertEquals(want.asSet(), got.asSet());
        assertEquals(want.isEqualTo("v3").size(), got.isEqualTo("v3").size());
        assertEquals(want.isMissing().size(), got.isMissing().size());
        assertEquals(want.unique().asList().stream().sorted().toList(), got.unique().asList().stream().sorted().toList());
        if (categories) {
            assertEquals(want.countByCategory().rowCount(), got.countByCategory().rowCount());
        }
        Table a = Table.create("a", want.copy());
        Table b = Table.create("b", got.copy());
        assertEquals(a.sortAscendingOn("c").stringColumn("c").asList(), b.sortAscendingOn("c").stringColumn("c").asList());
        assertEquals(a.where(a.stringColumn("c").startsWith("v1")).rowCount(), b.where(b.stringColumn("c").startsWith("v1")).rowCount());
        got.append("late");
        got.set(0, "first");
        assertEquals("late", got.get(got.size() - 1));
        assertEquals("first", got.get(0));
    }

    @Test
    void dictionary_forRepeatedValues() {
        List<String> v = values(10_000, 7);
        assertSameAs(reference(v), built(v, false));
    }

    @Test
    void plain_forDistinctIds() {
        List<String> v = values(10_000, 10_000);
        assertSameAs(reference(v), built(v, true), false);
    }

    @Test
    void aTableWithPlainIds_filtersSortsGroupsAndPrints() {
        List<String> ids = values(1000, 1000);
        StringColumn site = StringColumn.create("site");
        tech.tablesaw.api.DoubleColumn no2 = tech.tablesaw.api.DoubleColumn.create("no2");
        for (int i = 0; i < 1000; i++) {
            site.append("s" + i % 3);
            no2.append(i);
        }
        Table t = Table.create("t", site, no2, built(ids, true).setName("usmart_id"));
        Table filtered = t.where(t.stringColumn("site").isEqualTo("s1"));
        assertEquals(333, filtered.rowCount());
        assertEquals(ids.get(1), filtered.stringColumn("usmart_id").get(0));
        assertEquals(3, t.summarize("no2", tech.tablesaw.aggregate.AggregateFunctions.mean).by("site").rowCount());
        assertEquals(ids.stream().map(x -> x == null ? "" : x).sorted().toList().subList(0, 5),
                t.sortAscendingOn("usmart_id").stringColumn("usmart_id").asList().subList(0, 5));
        assertEquals(1, t.where(t.stringColumn("usmart_id").isEqualTo(ids.get(7))).rowCount());
        assertTrue(t.first(3).print().contains(ids.get(0)));
        assertEquals(2000, t.copy().append(t).rowCount());
    }

    @Test
    void dictionary_evenForManyDistinctValues() {
        List<String> v = values(20_000, 1_000_000);
        assertSameAs(reference(v), built(v, false));
    }

    @Test
    void dictionary_withRunsOfOneValue() {
        List<String> v = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            v.add(i % 50 == 7 ? null : "run" + (i / 40) % 9);
        }
        assertSameAs(reference(v), built(v, false));
    }

    @Test
    void fromTheParsersCharacters_asFromStrings() {
        List<String> v = values(10_000, 300); // more distinct values than the recent-values cache holds
        TextColumn b = new TextColumn(4, false);
        char[] buffer = new char[64];
        for (String x : v) {
            String s = x == null ? "" : x;
            s.getChars(0, s.length(), buffer, 7);
            b.append(buffer, 7, s.length());
        }
        assertSameAs(reference(v), b.build("c"));
        TextColumn ids = new TextColumn(4, true);
        for (String x : v) {
            String s = x == null ? "" : x;
            s.getChars(0, s.length(), buffer, 3);
            ids.append(buffer, 3, s.length());
        }
        assertSameAs(reference(v), ids.build("c"), false);
    }

    @Test
    void emptyAndAllMissing() {
        assertEquals(0, built(List.of(), false).size());
        List<String> none = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            none.add(null);
        }
        StringColumn c = built(none, false);
        assertEquals(5, c.countMissing());
        assertEquals(Set.of(""), c.asSet());
        assertTrue(built(none, true).isMissing(4));
    }
}
