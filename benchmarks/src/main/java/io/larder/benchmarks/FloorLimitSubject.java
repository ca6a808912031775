package io.larder.benchmarks;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;

/**
 * The floor: the least a one-script limiter can do with raw Jedis. The seed's check-and-count
 * script grown to several windows and made all or none: one EVALSHA reads the server's clock,
 * reads every counter with MGET, and only when all admit INCRs each (setting its expiry at the
 * window's end when new). Minute and day windows come from the server's time; the month's end is
 * sent by the client (its own clock: a floor takes that shortcut). On Jedis (the floor the target
 * is measured against) or on Lettuce (one shared connection, the byte-array codec and the sync
 * API), so each Larder driver can be set beside the same script on its own driver.
 */
final class FloorLimitSubject implements LimitSubject {
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local counts = redis.call('MGET', unpack(KEYS))
            for i = 1, #KEYS do
              if (tonumber(counts[i]) or 0) + 1 > tonumber(ARGV[3 * i - 2]) then
                return 0
              end
            end
            for i = 1, #KEYS do
              if redis.call('INCR', KEYS[i]) == 1 then
                local period = tonumber(ARGV[3 * i - 1])
                local finish = tonumber(ARGV[3 * i])
                if period > 0 then
                  finish = now - now % period + period
                end
                redis.call('PEXPIREAT', KEYS[i], string.format('%.0f', finish))
              end
            end
            return 1
            """;

    /** One EVALSHA of the loaded script: true when it answered 1. */
    private interface Script extends AutoCloseable {
        boolean call(List<byte[]> keys, List<byte[]> args);

        @Override
        void close();
    }

    private final Script script;
    private final String namespace;
    private final int limits;
    private final String max;

    private FloorLimitSubject(Script script, int limits, long max, String namespace) {
        this.script = script;
        this.namespace = namespace;
        this.limits = limits;
        this.max = Long.toString(max);
    }

    /** The floor on a pool of raw Jedis connections as large as Larder's. */
    static FloorLimitSubject jedis(RedisTarget redis, int limits, long max, String namespace) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(RawJedisSubject.POOL);
        pool.setMaxIdle(RawJedisSubject.POOL);
        RedisClient client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).poolConfig(pool).build();
        byte[] sha = client.scriptLoad(SCRIPT).getBytes(StandardCharsets.UTF_8);
        return new FloorLimitSubject(new Script() {
            @Override
            public boolean call(List<byte[]> keys, List<byte[]> args) {
                return ((Long) client.evalsha(sha, keys, args)) == 1L;
            }

            @Override
            public void close() {
                client.close();
            }
        }, limits, max, namespace);
    }

    /** The floor on one raw Lettuce connection (multiplexed, as Larder's Lettuce backend uses it). */
    static FloorLimitSubject lettuce(RedisTarget redis, int limits, long max, String namespace) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://" + redis.host() + ":" + redis.port());
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        RedisCommands<byte[], byte[]> sync = connection.sync();
        String sha = sync.scriptLoad(SCRIPT);
        return new FloorLimitSubject(new Script() {
            @Override
            public boolean call(List<byte[]> keys, List<byte[]> args) {
                Long answer = sync.evalsha(sha, ScriptOutputType.INTEGER, keys.toArray(new byte[0][]), args.toArray(new byte[0][]));
                return answer == 1L;
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        }, limits, max, namespace);
    }

    @Override
    public boolean tryAcquire(String subject) {
        String base = namespace + ":{" + subject + "}:";
        List<byte[]> keys = new ArrayList<>(limits);
        List<byte[]> args = new ArrayList<>(3 * limits);
        keys.add(bytes(base + "minute"));
        args.add(bytes(max));
        args.add(bytes("60000"));
        args.add(bytes("0"));
        if (limits == 3) {
            keys.add(bytes(base + "day"));
            args.add(bytes(max));
            args.add(bytes("86400000"));
            args.add(bytes("0"));
            keys.add(bytes(base + "month"));
            args.add(bytes(max));
            args.add(bytes("0"));
            LocalDate first = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
            args.add(bytes(Long.toString(first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli())));
        }
        return script.call(keys, args);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        script.close();
    }
}
