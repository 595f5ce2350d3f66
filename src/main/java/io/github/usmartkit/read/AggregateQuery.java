package io.github.usmartkit.read;

import com.fasterxml.jackson.databind.JsonNode;
import tech.tablesaw.api.Table;

/**
 * An aggregation of a pipeline's rows ({@link RowQuery#aggregate}, {@link RowQuery#histogram}),
 * immutable; reading it makes one URQL GET. The service answers a one-element array holding a
 * nested object ({@code [{site: {"avg(no2)": 23.4, …}}]}); {@link #table()} flattens it to one
 * row per bucket: a column per group level (group keys as text, histogram buckets as UTC
 * date-times), then a column per operation named as the service names it ({@code avg(no2)};
 * {@code stats} gives five: {@code value_count(no2)}, {@code sum(no2)}, {@code avg(no2)},
 * {@code min(no2)}, {@code max(no2)}). Buckets keep the service's order (groups by descending row
 * count, histogram buckets in time order).
 */
public interface AggregateQuery {

    /** The URL this aggregation GETs (no credentials in it). */
    String url();

    /**
     * The answer as the service sent it.
     *
     * @throws io.github.usmartkit.error.BadRequestException if the service refuses the query (e.g. avg of a text column)
     * @throws io.github.usmartkit.error.NotFoundException if there is no such container or revision
     * @throws io.github.usmartkit.error.ServiceException if the answer is not an aggregation's one-element array
     */
    JsonNode json();

    /** The answer flattened to a table as the class comment says: the same call and exceptions as {@link #json()}. */
    Table table();
}
