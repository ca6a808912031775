package io.larder.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.larder.chat.DailyCount;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** {@code larder stats --json}: the daily counts as one JSON document, for scripts and dashboards. Stateless. */
final class StatsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatsJson() {
    }

    /** The document of {@code byGroup}'s counts, days in {@code zone}; the days themselves only when {@code withDays}. */
    static String of(ZoneId zone, Map<String, List<DailyCount>> byGroup, boolean withDays) {
        ObjectNode root = JSON.createObjectNode().put("zone", zone.getId());
        ArrayNode groups = root.putArray("groups");
        long total = 0;
        long groupDays = 0;
        for (Map.Entry<String, List<DailyCount>> e : byGroup.entrySet()) {
            List<DailyCount> counts = e.getValue();
            long sum = sum(counts);
            ObjectNode g = groups.addObject().put("group", e.getKey()).put("messages", sum);
            if (!counts.isEmpty()) {
                g.put("first_day", counts.get(0).day().toString()).put("last_day", counts.get(counts.size() - 1).day().toString());
            }
            if (withDays) {
                ArrayNode days = g.putArray("days");
                counts.forEach(c -> days.addObject().put("day", c.day().toString()).put("messages", c.messages()));
            }
            total += sum;
            groupDays += counts.size();
        }
        root.putObject("total").put("groups", byGroup.size()).put("messages", total).put("group_days", groupDays);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of text and numbers is always JSON", e);
        }
    }

    static long sum(List<DailyCount> counts) {
        return counts.stream().mapToLong(DailyCount::messages).sum();
    }
}
