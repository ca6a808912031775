package io.larder.redis.internal;

import java.util.List;

/**
 * Plain commands sent between {@code MULTI} and {@code EXEC}: the server runs them one after the
 * other with no other client's command between them. Every key of a transaction lies in one hash
 * slot.
 *
 * @param commands the commands, in order
 */
public record Transaction(List<Command> commands) {
    /**
     * One command of a transaction.
     *
     * @param name the command's name, as sent ({@code SET})
     * @param args its arguments, the key it concerns first
     */
    public record Command(byte[] name, byte[][] args) {
    }
}
