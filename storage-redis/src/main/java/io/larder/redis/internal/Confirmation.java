package io.larder.redis.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a server said about the writes of one pipeline, from the {@link ReplicaWait} commands
 * that ended it: how many replicas hold them, whether its append-only file does, or the error
 * either command got.
 *
 * @param node the master that answered ({@code host:port}), for messages
 * @param replicas the replicas that acknowledged the writes ({@code WAIT}'s reply), or -1 when none were asked for
 * @param onDisk whether the master's append-only file holds them ({@code WAITAOF}'s first number), false when not asked
 * @param error the error reply of {@code WAIT} or {@code WAITAOF}, or null
 */
public record Confirmation(String node, long replicas, boolean onDisk, @Nullable RedisError error) {

    /**
     * {@code replies} with the last {@link ReplicaWait#commands()} of them, the replies of
     * {@code wait}'s commands, folded into one {@code Confirmation} from {@code node}: what the
     * drivers return for a write pipeline that ended with {@code wait}.
     */
    public static List<Object> fold(List<Object> replies, ReplicaWait wait, String node) {
        int own = replies.size() - wait.commands();
        List<Object> out = new ArrayList<>(own + 1);
        out.addAll(replies.subList(0, own));
        out.add(of(wait, replies.subList(own, replies.size()), node));
        return out;
    }

    /** The confirmation in {@code tail}, the replies of {@code wait}'s commands ({@code WAIT}'s first). */
    public static Confirmation of(ReplicaWait wait, List<Object> tail, String node) {
        int at = 0;
        long replicas = -1;
        boolean onDisk = false;
        if (wait.replicas() > 0) {
            Object reply = tail.get(at++);
            if (reply instanceof RedisError e) {
                return new Confirmation(node, -1, false, e);
            }
            replicas = (Long) reply;
        }
        if (wait.aof()) {
            Object reply = tail.get(at);
            if (reply instanceof RedisError e) {
                return new Confirmation(node, replicas, false, e);
            }
            onDisk = reply instanceof List<?> counts && !counts.isEmpty() && counts.get(0) instanceof Long local && local >= 1;
        }
        return new Confirmation(node, replicas, onDisk, null);
    }

    /** Whether the writes got as far as {@code wait} asked. */
    public boolean meets(ReplicaWait wait) {
        return error == null && replicas >= wait.replicas() && (onDisk || !wait.aof());
    }

    /** Of two nodes' confirmations (a batch split over a cluster's masters), the one that falls shorter of {@code wait}. */
    public Confirmation weaker(@Nullable Confirmation other, ReplicaWait wait) {
        if (other == null || (!meets(wait) && other.meets(wait))) {
            return this;
        }
        if (meets(wait) && !other.meets(wait)) {
            return other;
        }
        return other.error != null || other.replicas < replicas ? other : this;
    }

    /** What is missing, for people: {@code "no replica confirmed it within 1000 ms (WAIT 1 answered 0)"}. */
    public String shortfall(ReplicaWait wait) {
        if (error != null) {
            return "the server refused to confirm it: " + error.message();
        }
        if (replicas < wait.replicas()) {
            return (replicas <= 0 ? "no replica" : "only " + replicas + " of " + wait.replicas() + " replicas")
                    + " confirmed it within " + wait.timeoutMillis() + " ms (WAIT " + wait.replicas() + " answered "
                    + replicas + ")";
        }
        return "the master's append-only file did not hold it within " + wait.timeoutMillis() + " ms (WAITAOF 1 0)";
    }
}
