package io.larder.benchmarks;

import io.larder.Key;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table of plans in an embedded H2 database, read by primary key through JDBC the way a pooled
 * application reads it: each thread keeps its connection and prepared statement. The source of
 * truth behind {@link CacheBench}, and its direct-read baseline. Thread-safe.
 */
final class PlanTable implements AutoCloseable {
    private static final String BODY = "Warm up 10 min; squat 4x8 at 70%; bench 4x8; row 3x10; plank 3x45 s; cool down. ".repeat(5);

    private final String url;
    private final List<Connection> opened = new ArrayList<>();
    private final ThreadLocal<PreparedStatement> select = ThreadLocal.withInitial(this::prepare);

    PlanTable(String name, int rows) {
        this.url = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE plans (id VARCHAR(32) PRIMARY KEY, version BIGINT NOT NULL, name VARCHAR(100) NOT NULL,"
                    + " body VARCHAR(2000) NOT NULL)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO plans VALUES (?, 1, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, id(i));
                    insert.setString(2, "plan " + i);
                    insert.setString(3, BODY);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fill the plans table", e);
        }
    }

    static String id(int i) {
        return "plan-" + i;
    }

    /** The row of {@code key}, if any: the cache's loader and the direct read. */
    Optional<PlanRow> find(Key key) throws SQLException {
        PreparedStatement q = select.get();
        q.setString(1, key.id());
        try (ResultSet r = q.executeQuery()) {
            return r.next() ? Optional.of(new PlanRow(r.getString(1), r.getLong(2), r.getString(3), r.getString(4)))
                    : Optional.empty();
        }
    }

    private PreparedStatement prepare() {
        try {
            Connection c = DriverManager.getConnection(url);
            synchronized (opened) {
                opened.add(c);
            }
            return c.prepareStatement("SELECT id, version, name, body FROM plans WHERE id = ?");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open a connection to " + url, e);
        }
    }

    @Override
    public void close() throws SQLException {
        synchronized (opened) {
            for (Connection c : opened) {
                c.close();
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
