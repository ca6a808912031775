package io.larder.chat;

/**
 * A row of an archive's counts store. {@code DAY} rows count a group's messages per day in
 * the archive's zone; {@code MONTH} rows mark the month stores a group has messages in (monthly
 * archives only; {@code messages} is unused there). Stored, so its components only grow.
 *
 * @param groupId the group, the partition
 * @param period the id: {@code 2026-11-21} for a day, {@code 2026-11} for a month
 * @param span {@code DAY} or {@code MONTH}, indexed
 * @param start the period's first instant, epoch milliseconds: the row's time
 * @param messages the count
 */
record Tally(String groupId, String period, String span, long start, long messages) {
    static final String DAY = "DAY";
    static final String MONTH = "MONTH";

    Tally plus(long more) {
        return new Tally(groupId, period, span, start, messages + more);
    }

    Tally withMessages(long count) {
        return new Tally(groupId, period, span, start, count);
    }
}
