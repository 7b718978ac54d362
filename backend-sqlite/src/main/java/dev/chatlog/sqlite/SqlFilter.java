package dev.chatlog.sqlite;

import dev.chatlog.model.ChunkFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link ChunkFilter} as an SQL condition on the table alias {@code c}, with its parameters.
 *
 * @param sql the condition, {@code 1} when nothing is filtered
 * @param parameters values for its placeholders, in order
 */
record SqlFilter(String sql, List<Object> parameters) {

  static SqlFilter of(ChunkFilter filter) {
    List<String> conditions = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    if (filter.project() != null) {
      conditions.add("c.project = ?");
      parameters.add(filter.project());
    }
    if (filter.topic() != null) {
      conditions.add("c.topic = ?");
      parameters.add(filter.topic());
    }
    if (filter.session() != null) {
      conditions.add("c.session = ?");
      parameters.add(filter.session());
    }
    if (filter.actor() != null) {
      conditions.add("EXISTS (SELECT 1 FROM json_each(c.actors) WHERE value = ?)");
      parameters.add(filter.actor().id());
    }
    for (String tag : new TreeSet<>(filter.tags())) {
      conditions.add("EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)");
      parameters.add(tag);
    }
    if (filter.since() != null) {
      conditions.add("c.created >= ?");
      parameters.add(ChunkRows.nanos(filter.since()));
    }
    if (filter.until() != null) {
      conditions.add("c.created < ?");
      parameters.add(ChunkRows.nanos(filter.until()));
    }
    if (filter.source() != null) {
      conditions.add("c.source = ?");
      parameters.add(filter.source());
    }
    filter
        .labels()
        .forEach(
            (key, values) ->
                new TreeSet<>(values)
                    .forEach(
                        value -> {
                          conditions.add(
                              "EXISTS (SELECT 1 FROM json_each(c.labels, ?) WHERE value = ?)");
                          parameters.add("$.\"" + key + "\"");
                          parameters.add(value);
                        }));
    return new SqlFilter(
        conditions.isEmpty() ? "1" : String.join(" AND ", conditions), List.copyOf(parameters));
  }

  /** Binds the parameters from index {@code first}; returns the next free index. */
  int bind(PreparedStatement statement, int first) throws SQLException {
    int index = first;
    for (Object parameter : parameters) {
      statement.setObject(index++, parameter);
    }
    return index;
  }
}
