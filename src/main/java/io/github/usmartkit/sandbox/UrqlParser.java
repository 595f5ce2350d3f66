package io.github.usmartkit.sandbox;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The syntax of URQL (uSmart's resource query language, after RQL and a superset of FIQL), read
 * from the query string as sent: the characters {@code ( ) , & | =} are syntax, everything else
 * forms words, which are percent-decoded afterwards — so {@code %28}, {@code %2C} or {@code %26}
 * inside a value are plain characters, and a {@code +} stays a plus (as RQL's decodeURIComponent
 * has it; write a space as {@code %20}).
 *
 * <p>{@code %7C} is read as the {@code |} operator, not as a character of a value (A): Java's
 * {@code URI} and the JDK's HTTP server refuse a raw {@code |} in a URL, so a client can only
 * send it encoded (so a value cannot hold a {@code |}; {@code or(…)} needs no {@code |} at all).
 * The one exception is the pattern of {@code re(p, pattern)}, where no operator can stand and
 * {@code %7C} is the pattern's alternation.
 *
 * <pre>
 * query    = [ "&amp;" ]* term { ("&amp;" | "|") term | "&amp;" } ;  one kind of separator per level, empty terms only after &amp;
 * term     = "(" group ")" | call | fiql ;
 * call     = word "(" [ arg { "," arg } ] ")" ;
 * fiql     = word "=" value                   (eq)
 *          | word "=" word "=" value           (any operator: price=lt=10, type=in=(a,b)) ;
 * arg      = call | fiql | "(" items ")" | word | (nothing, as in le(p,v,,M)) ;
 * items    = arg { "," arg }  (an array)  |  arg { "&amp;" arg }  |  arg { "|" arg }  (a group) ;
 * value    = word | "(" items ")" ;
 * word     = one or more characters other than ( ) , &amp; | = ;
 * </pre>
 *
 * Positions are 0-based offsets into the raw query; errors report them 1-based.
 */
final class UrqlParser {

    /** A node of the syntax tree: its extent in the raw query is {@code [start, end)}. */
    sealed interface Node permits Word, Call, Items, Empty {
        int start();

        int end();
    }

    /** A word: as sent, and percent-decoded. */
    record Word(String raw, String text, int start, int end) implements Node { }

    /** {@code name(args)}; FIQL forms are read as calls of their operator. */
    record Call(String name, List<Node> args, int start, int end) implements Node { }

    /** Terms joined by {@code &} or {@code |}, or a parenthesised comma list (an array). */
    record Items(Kind kind, List<Node> items, int start, int end) implements Node { }

    /** An argument left out, as the {@code ,,} of {@code le(p,v,-1M,,M)}. */
    record Empty(int start, int end) implements Node { }

    enum Kind { AND, OR, ARRAY }

    private final String q;
    private int i;

    private UrqlParser(String rawQuery) {
        this.q = rawQuery;
    }

    /** Parses the raw query string (without the {@code ?}); an empty one is an empty AND group. */
    static Items parse(String rawQuery) {
        UrqlParser p = new UrqlParser(rawQuery == null ? "" : rawQuery);
        return p.sequence(true);
    }

    /** The raw text of a node, as the client sent it. */
    static String raw(String rawQuery, Node n) {
        return rawQuery.substring(n.start(), Math.min(n.end(), rawQuery.length()));
    }

    private ApiError error(String message, int start, int end) {
        String term = q.substring(start, Math.max(start, Math.min(end, q.length())));
        return ApiError.query(message + " (at position " + (start + 1) + ")", term, start + 1);
    }

    private boolean atEnd() {
        return i >= q.length();
    }

    /** Whether {@code %7C}, the encoded {@code |}, starts at {@code at}. */
    private boolean encodedPipe(int at) {
        return at + 2 < q.length() && q.charAt(at) == '%' && q.charAt(at + 1) == '7' && (q.charAt(at + 2) == 'C' || q.charAt(at + 2) == 'c');
    }

    private char peek() {
        if (i >= q.length()) {
            return '\0';
        }
        return encodedPipe(i) ? '|' : q.charAt(i);
    }

    /** Consumes the syntax character {@link #peek()} saw. */
    private void consume() {
        i += width();
    }

    /** How many characters the syntax character {@link #peek()} saw takes. */
    private int width() {
        return encodedPipe(i) ? 3 : 1;
    }

    private static boolean syntax(char c) {
        return c == '(' || c == ')' || c == ',' || c == '&' || c == '|' || c == '=';
    }

    private boolean atWord() {
        return !atEnd() && !syntax(peek());
    }

    /** Terms separated by {@code &} or {@code |}, up to the end (top level) or up to a {@code )} left unread. */
    private Items sequence(boolean top) {
        int start = i;
        List<Node> items = new ArrayList<>();
        Kind kind = null;
        while (true) {
            if (top) {
                while (peek() == '&') {
                    kind = checkKind(kind, Kind.AND, i);
                    consume();
                }
            }
            if (atEnd()) {
                break;
            }
            items.add(term());
            if (atEnd()) {
                break;
            }
            char c = peek();
            if (c == '&' || c == '|') {
                kind = checkKind(kind, c == '&' ? Kind.AND : Kind.OR, i);
                int at = i;
                consume();
                if (c == '|' && (atEnd() || peek() == '&' || peek() == '|')) {
                    throw error("'|' must be followed by a term", at, i);
                }
                continue;
            }
            if (c == ')') {
                throw error("')' closes nothing; check the parentheses", i, i + 1);
            }
            throw error("expected '&' or '|' after the term " + UrqlParser.raw(q, items.get(items.size() - 1)),
                    items.get(items.size() - 1).start(), i + width());
        }
        return new Items(kind == null ? Kind.AND : kind, items, start, i);
    }

    private Kind checkKind(Kind seen, Kind now, int at) {
        if (seen != null && seen != now) {
            throw error("'&' and '|' are mixed at one level; group with parentheses, e.g. (a=1|a=2)&b=3", at, at + (encodedPipe(at) ? 3 : 1));
        }
        return now;
    }

    private Node term() {
        if (peek() == '(') {
            int start = i;
            i++;
            if (peek() == ')') {
                throw error("empty parentheses where a term should be", start, i + 1);
            }
            Items group = sequenceInParens(start);
            return group.kind() == Kind.ARRAY && group.items().size() == 1 ? group.items().get(0) : group;
        }
        if (atWord()) {
            Word w = word();
            if (peek() == '(') {
                return call(w);
            }
            if (peek() == '=') {
                return fiql(w);
            }
            throw error("'" + w.text() + "' is not a URQL term; write name(arguments), property=value or property=op=value",
                    w.start(), w.end());
        }
        if (atEnd()) {
            throw error("the query ends where a term should be", Math.max(0, i - 1), i);
        }
        throw error("'" + peek() + "' where a term should start", i, i + width());
    }

    /** A parenthesised group as a term: its items joined by & or |, read after the '('. */
    private Items sequenceInParens(int open) {
        List<Node> items = new ArrayList<>();
        Kind kind = null;
        while (true) {
            if (atEnd()) {
                throw error("'(' is never closed", open, q.length());
            }
            items.add(term());
            char c = peek();
            if (c == ')') {
                i++;
                return new Items(kind == null ? Kind.ARRAY : kind, items, open, i);
            }
            if (c == '&' || c == '|') {
                kind = checkKind(kind, c == '&' ? Kind.AND : Kind.OR, i);
                consume();
                continue;
            }
            if (atEnd()) {
                throw error("'(' is never closed", open, q.length());
            }
            throw error("expected '&', '|' or ')' after " + UrqlParser.raw(q, items.get(items.size() - 1)),
                    items.get(items.size() - 1).start(), i + width());
        }
    }

    private Call call(Word name) {
        i++; // (
        List<Node> args = new ArrayList<>();
        if (peek() != ')') {
            while (true) {
                boolean pattern = name.text().equals("re") && args.size() == 1;
                args.add(pattern && atPatternWord() ? word(true) : arg());
                if (peek() == ',') {
                    i++;
                    continue;
                }
                break;
            }
        }
        if (peek() != ')') {
            if (atEnd()) {
                throw error("'" + name.text() + "(' is never closed", name.start(), q.length());
            }
            throw error("unexpected '" + peek() + "' in the arguments of " + name.text() + "(…); separate arguments with ','",
                    i, i + width());
        }
        i++;
        return new Call(name.text(), args, name.start(), i);
    }

    private Node arg() {
        char c = peek();
        if (c == ',' || c == ')') {
            return new Empty(i, i);
        }
        if (c == '(') {
            return items();
        }
        if (atWord()) {
            Word w = word();
            if (peek() == '(') {
                return call(w);
            }
            if (peek() == '=') {
                return fiql(w);
            }
            return w;
        }
        if (atEnd()) {
            throw error("the query ends inside an argument list", Math.max(0, i - 1), i);
        }
        throw error("'" + c + "' where an argument should be", i, i + width());
    }

    /** {@code ( items )}: an array when comma-separated, a group when joined by & or |. */
    private Items items() {
        int open = i;
        i++;
        List<Node> items = new ArrayList<>();
        if (peek() == ')') {
            i++;
            return new Items(Kind.ARRAY, items, open, i);
        }
        Kind kind = null;
        while (true) {
            items.add(arg());
            char c = peek();
            if (c == ')') {
                i++;
                break;
            }
            Kind k = switch (c) {
                case ',' -> Kind.ARRAY;
                case '&' -> Kind.AND;
                case '|' -> Kind.OR;
                default -> null;
            };
            if (k == null) {
                if (atEnd()) {
                    throw error("'(' is never closed", open, q.length());
                }
                throw error("unexpected '" + c + "' inside parentheses", i, i + width());
            }
            if (kind != null && kind != k) {
                throw error("',', '&' and '|' are mixed inside one pair of parentheses", i, i + width());
            }
            kind = k;
            consume();
        }
        if (kind == null) {
            Node only = items.get(0);
            kind = only instanceof Call || only instanceof Items it && it.kind() != Kind.ARRAY ? Kind.AND : Kind.ARRAY;
        }
        return new Items(kind, items, open, i);
    }

    /** {@code p=v} or {@code p=op=v}, read after the property; the operator's name becomes the call's. */
    private Call fiql(Word property) {
        i++; // =
        if (peek() == '(') {
            Items array = items();
            return new Call("eq", List.of(property, array), property.start(), i);
        }
        if (!atWord()) {
            throw error("no value after '" + property.text() + "='", property.start(), i);
        }
        Word second = word();
        if (peek() != '=') {
            return new Call("eq", List.of(property, second), property.start(), i);
        }
        i++; // the second =
        Node value;
        if (peek() == '(') {
            value = items();
        } else if (atWord()) {
            value = word();
        } else {
            throw error("no value after '" + property.text() + "=" + second.text() + "='", property.start(), i);
        }
        return new Call(second.text(), List.of(property, value), property.start(), i);
    }

    private Word word() {
        return word(false);
    }

    /** Whether a regular expression's word starts here: an encoded pipe counts as one of its characters. */
    private boolean atPatternWord() {
        return !atEnd() && (encodedPipe(i) || !syntax(q.charAt(i)));
    }

    /** A word; with {@code pipes}, {@code %7C} is a character of it (a pattern's alternation), not the operator. */
    private Word word(boolean pipes) {
        int start = i;
        while (pipes ? atPatternWord() : atWord()) {
            i++;
        }
        String raw = q.substring(start, i);
        return new Word(raw, decode(raw, start), start, i);
    }

    /** Percent-decodes a word as UTF-8; a {@code +} stays a plus. */
    private String decode(String raw, int at) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        byte[] bytes = new byte[raw.length() / 3 + 1];
        int k = 0;
        while (k < raw.length()) {
            char c = raw.charAt(k);
            if (c != '%') {
                out.append(c);
                k++;
                continue;
            }
            int n = 0;
            int runStart = k;
            while (k < raw.length() && raw.charAt(k) == '%') {
                int hi = k + 2 < raw.length() ? Character.digit(raw.charAt(k + 1), 16) : -1;
                int lo = k + 2 < raw.length() ? Character.digit(raw.charAt(k + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw error("'%' must be followed by two hex digits (write a literal % as %25)", at + k, at + Math.min(raw.length(), k + 3));
                }
                bytes[n++] = (byte) (hi * 16 + lo);
                k += 3;
            }
            try {
                out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n)));
            } catch (CharacterCodingException e) {
                throw error("the percent-encoded bytes are not UTF-8", at + runStart, at + k);
            }
        }
        return out.toString();
    }
}
