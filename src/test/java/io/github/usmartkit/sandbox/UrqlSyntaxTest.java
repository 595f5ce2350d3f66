package io.github.usmartkit.sandbox;

import static io.github.usmartkit.sandbox.DemoGuids.AIR_API;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Malformed queries: a 400 whose error names the offending term and where it starts (1 = the query's first character). */
class UrqlSyntaxTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = new SandboxExtension();

    private static Sandbox sb() {
        return SANDBOX.sandbox();
    }

    static JsonNode refused(String query) {
        TestHttp.Resp r = UrqlFixture.get(sb(), AIR_API, query);
        assertEquals("ValidationError", r.error(400), query);
        JsonNode e = r.json().get("error");
        assertTrue(e.get("message").asText().contains("position " + e.get("position").asInt()), e.toString());
        return e;
    }

    static void refused(String query, String term, int position) {
        JsonNode e = refused(query);
        assertEquals(term, e.get("term").asText(), query + " -> " + e);
        assertEquals(position, e.get("position").asInt(), query + " -> " + e);
    }

    @Test
    void unclosedParentheses() {
        refused("lt(no2", "lt(no2", 1);
        refused("limit(2)&lt(no2,40", "lt(no2,40", 10);
        refused("(site=North%20Park%7Csite=Harbour%20Road", "(site=North%20Park%7Csite=Harbour%20Road", 1);
        refused("in(site,(a,b)", "in(site,(a,b)", 1);
    }

    @Test
    void strayOrMisplacedCharacters() {
        refused("no2=gt=40)", ")", 10);
        refused("limit(2)limit(3)", "limit(2)l", 1);
        refused("%7Csite=a", "%7C", 1);
        refused("site=a%7C", "%7C", 7);
        refused("site=a%7C%7Csite=b", "%7C", 7);
        refused("eq(site&no2)", "&", 8);
        refused("(a=1,b=2)", "a=1,", 2);
        refused("in(site,(a,b&c))", "&", 13);
    }

    @Test
    void missingValuesAndNames() {
        refused("no2=", "no2=", 1);
        refused("no2=gt=", "no2=gt=", 1);
        refused("no2", "no2", 1);
        refused("limit(2)&&no2", "no2", 11);
        refused("()", "()", 1);
        refused("eq(,3)", "eq(,3)", 1);
    }

    @Test
    void unknownOperatorsAndMisplacedDirectives() {
        refused("foo(1)", "foo(1)", 1);
        refused("no2=foo=3", "no2=foo=3", 1);
        refused("or(limit(5),site=a)", "limit(5)", 4);
        refused("and(avg(no2))", "avg(no2)", 5);
        refused("withinBoundingBox(geom,(0,1,0,1))", "withinBoundingBox(geom,(0,1,0,1))", 1);
        refused("serial_diff(1)", "serial_diff(1)", 1);
    }

    @Test
    void wrongArguments() {
        refused("limit(ten)", "ten", 7);
        refused("limit(1,2,3)", "limit(1,2,3)", 1);
        refused("sort()", "sort()", 1);
        refused("select()", "select()", 1);
        refused("exists(no2,1)", "exists(no2,1)", 1);
        refused("eq(no2)", "eq(no2)", 1);
        refused("lt((a),1)", "(a)", 4);
        refused("sort(%2Bno2)&sort(-no2)", "sort(-no2)", 14);
    }

    @Test
    void percentEncodedBytesThatAreNotUtf8() {
        // a malformed escape (%zz) never arrives: Java's URI and the JDK's server refuse it first
        refused("site=%C3%28", "%C3%28", 6);
        refused("site=ok%FF", "%FF", 8);
    }

    @Test
    void theMessageSaysWhatToDo() {
        String m = refused("limit(2)&no2=gt=40%7Csite=a").get("message").asText();
        assertTrue(m.contains("parentheses"), m);
        assertFalse(m.contains("Exception"), m);
    }

    @Test
    void aLongValidQuery_parses() {
        JsonNode rows = UrqlFixture.urql(sb(), AIR_API, "&limit(5,0)&(site=North%20Park%7Csite=eq=Harbour%20Road)&and(no2=gt=10,le(pm10,100))"
                + "&in(site,(North%20Park,Harbour%20Road,string:1))&exists(pm25)&sort(-no2,%2Btimestamp)&select(site,no2,timestamp)&format(json)&cache=true&");
        assertEquals(5, rows.size());
    }
}
