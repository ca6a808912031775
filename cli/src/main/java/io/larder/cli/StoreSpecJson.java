package io.larder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.larder.Expiry;
import io.larder.Layout;
import io.larder.Retention;
import io.larder.StoreSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * A store's declaration as a backup file writes it: what a target needs to open the store the
 * way the source had it (fields, expiry, retention, layout), and nothing a target decides for
 * itself (codec, compression, key prefix). Stateless.
 */
@SuppressWarnings("rawtypes")                       // a restored store holds the maps a backup reads
final class StoreSpecJson {
    private StoreSpecJson() {
    }

    static ObjectNode write(StoreSpec<?> s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("name", s.name()).put("id", s.idField());
        s.partitionField().ifPresent(f -> n.put("partition_by", f));
        s.timeField().ifPresent(f -> n.put("time", f));
        s.indexes().forEach(n.putArray("indexes")::add);
        ObjectNode expiry = n.putObject("expiry");
        Expiry e = s.expiry().orElse(Expiry.none());
        if (e instanceof Expiry.Absolute a) {
            expiry.put("policy", "absolute").put("duration", a.duration().toString());
        } else if (e instanceof Expiry.Sliding l) {
            expiry.put("policy", "sliding").put("duration", l.duration().toString());
        } else if (e instanceof Expiry.AtField f) {
            expiry.put("policy", "field").put("field", f.field());
        } else {
            expiry.put("policy", "none");
        }
        n.put("keep_newest", s.retention().keepNewest());
        n.put("layout", s.layout().name().toLowerCase(Locale.ROOT));
        return n;
    }

    /**
     * The declaration {@link #write} wrote, holding maps.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    static StoreSpec<Map> read(JsonNode n) {
        StoreSpec.Builder<Map> b = StoreSpec.builder(text(n, "name"), Map.class).id(text(n, "id"));
        if (n.hasNonNull("partition_by")) {
            b.partitionBy(text(n, "partition_by"));
        }
        if (n.hasNonNull("time")) {
            b.time(text(n, "time"));
        }
        if (n.path("indexes").isArray() && !n.path("indexes").isEmpty()) {
            String[] indexes = new String[n.get("indexes").size()];
            for (int i = 0; i < indexes.length; i++) {
                indexes[i] = n.get("indexes").get(i).asText();
            }
            b.index(indexes);
        }
        JsonNode e = n.path("expiry");
        b.expiry(switch (text(e, "policy")) {
            case "none" -> Expiry.none();
            case "absolute" -> Expiry.absolute(duration(e));
            case "sliding" -> Expiry.sliding(duration(e));
            case "field" -> Expiry.atField(text(e, "field"));
            default -> throw new IllegalArgumentException("unknown expiry policy '" + e.get("policy").asText() + "'");
        });
        int keep = n.path("keep_newest").asInt(0);
        b.retention(keep == 0 ? Retention.keepAll() : Retention.keepNewest(keep));
        try {
            b.layout(Layout.valueOf(text(n, "layout").toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown layout '" + n.get("layout").asText() + "'");
        }
        return b.build();
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("a store declaration needs '" + field + "' as text");
        }
        return v.asText();
    }

    private static Duration duration(JsonNode expiry) {
        try {
            return Duration.parse(text(expiry, "duration"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiry duration '" + expiry.get("duration").asText() + "' is not ISO-8601");
        }
    }
}
