package io.larder.benchmarks;

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
 * sent by the client (its own clock: a floor takes that shortcut).
 */
final class FloorLimitSubject implements LimitSubject {
    private static final String SCRIPT = """
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

    private final RedisClient client;
    private final byte[] sha;
    private final String namespace;
    private final int limits;
    private final String max;

    FloorLimitSubject(RedisTarget redis, int limits, long max, String namespace) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(RawJedisSubject.POOL);
        pool.setMaxIdle(RawJedisSubject.POOL);
        this.client = RedisClient.builder().hostAndPort(redis.host(), redis.port()).poolConfig(pool).build();
        this.sha = client.scriptLoad(SCRIPT).getBytes(StandardCharsets.UTF_8);
        this.namespace = namespace;
        this.limits = limits;
        this.max = Long.toString(max);
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
        return ((Long) client.evalsha(sha, keys, args)) == 1L;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
