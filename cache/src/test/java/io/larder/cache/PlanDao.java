package io.larder.cache;

import io.larder.Key;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source of truth of the cache tests: a table of plans in an embedded H2 database, read and
 * written through plain JDBC, with optimistic locking on the version column. Counts its queries.
 * Thread-safe.
 */
final class PlanDao {
    private final String url;
    private final AtomicInteger queries = new AtomicInteger();

    PlanDao(String database) {
        this.url = "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1";
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS plans (id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL,"
                    + " name VARCHAR(200) NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the plans table", e);
        }
    }

    /** The loader: the row of {@code key}, if any. */
    Optional<Plan> find(Key key) throws SQLException {
        queries.incrementAndGet();
        try (Connection c = connect();
             PreparedStatement q = c.prepareStatement("SELECT id, version, name FROM plans WHERE id = ?")) {
            q.setString(1, key.id());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(new Plan(r.getString(1), r.getLong(2), r.getString(3))) : Optional.empty();
            }
        }
    }

    /** The writer: inserts version 1, or updates the row only if it is at the version before {@code plan}'s. */
    Plan save(Plan plan) throws SQLException {
        try (Connection c = connect()) {
            int changed;
            if (plan.version() == 1) {
                try (PreparedStatement u = c.prepareStatement("INSERT INTO plans (id, version, name) VALUES (?, 1, ?)")) {
                    u.setString(1, plan.id());
                    u.setString(2, plan.name());
                    changed = u.executeUpdate();
                }
            } else {
                try (PreparedStatement u = c.prepareStatement("UPDATE plans SET version = ?, name = ? WHERE id = ? AND version = ?")) {
                    u.setLong(1, plan.version());
                    u.setString(2, plan.name());
                    u.setString(3, plan.id());
                    u.setLong(4, plan.version() - 1);
                    changed = u.executeUpdate();
                }
            }
            if (changed != 1) {
                throw new SQLException("plan " + plan.id() + " is not at version " + (plan.version() - 1));
            }
            return plan;
        }
    }

    /** Deletes a row, as another application would. */
    void delete(String id) throws SQLException {
        try (Connection c = connect(); PreparedStatement d = c.prepareStatement("DELETE FROM plans WHERE id = ?")) {
            d.setString(1, id);
            d.executeUpdate();
        }
    }

    /** How many reads the loader made. */
    int queries() {
        return queries.get();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }
}
