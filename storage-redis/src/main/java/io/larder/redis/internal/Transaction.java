package io.larder.redis.internal;

import java.util.List;

/**
 * Plain commands sent between {@code MULTI} and {@code EXEC}: the server runs them one after the
 * other with no other client's command between them. Every key of a transaction lies in one hash
 * slot. Each command is its name, then its arguments, as sent.
 *
 * @param commands the commands, in order
 */
public record Transaction(List<byte[][]> commands) {
}
