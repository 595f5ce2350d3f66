package io.github.usmartkit.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One URQL filter, immutable, already written as the read API takes it: {@code gt(no2,40)},
 * {@code or(eq(site,North%20Park),eq(site,Harbour%20Road))}. Made by the factories of
 * {@link Urql} ({@code eq}, {@code gt}, {@code in}, {@code or}, …) and combined with
 * {@link #and(Filter...)} and {@link #or(Filter...)}; given to {@link RowQuery#where(Filter...)}.
 */
public final class Filter {

    private final String urql;
    private final String label;

    Filter(String urql, String label) {
        this.urql = urql;
        this.label = label;
    }

    /** The filter as it goes into the query string (percent-encoded where URQL needs it). */
    public String urql() {
        return urql;
    }

    /** The filter as people read it, e.g. {@code site = North Park}, {@code no2 > 40} (a table read with it is named so). */
    public String label() {
        return label;
    }

    /** This filter and every one of {@code others}: {@code and(this,…)}. */
    public Filter and(Filter... others) {
        return Urql.and(prepend(others));
    }

    /** This filter or any of {@code others}: {@code or(this,…)}. */
    public Filter or(Filter... others) {
        return Urql.or(prepend(others));
    }

    private Filter[] prepend(Filter[] others) {
        List<Filter> all = new ArrayList<>();
        all.add(this);
        if (others != null) {
            all.addAll(java.util.Arrays.asList(others));
        }
        return all.toArray(new Filter[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Filter f && f.urql.equals(urql);
    }

    @Override
    public int hashCode() {
        return Objects.hash(urql);
    }

    @Override
    public String toString() {
        return urql;
    }
}
