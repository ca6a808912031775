package io.larder.redis.lettuce;

import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.charset.StandardCharsets;

/**
 * Commands Larder sends that Lettuce's command table does not list. Not API: public only so the
 * cluster adapter sends them the way this one does.
 */
public enum UnlistedCommand implements ProtocolKeyword {
    /** {@code WAITAOF numlocal numreplicas timeout} (Redis 7.2): waits until append-only files hold the connection's writes. */
    WAITAOF;

    private final byte[] name = name().getBytes(StandardCharsets.US_ASCII);

    @Override
    public byte[] getBytes() {
        return name;
    }
}
