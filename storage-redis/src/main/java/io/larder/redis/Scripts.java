package io.larder.redis;

import io.larder.StorageException;
import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.RedisError;
import io.larder.redis.internal.ScriptCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The adapter's Lua scripts: loaded once with {@code SCRIPT LOAD}, run with {@code EVALSHA},
 * and loaded again when a server answers {@code NOSCRIPT} (after a restart, a failover to a
 * replica that never saw the load, or {@code SCRIPT FLUSH}). Thread-safe.
 */
final class Scripts {

    /** Each script, named after its file in this package. */
    enum Script {
        WRITE, DELETE, RANGE, SWEEP, UNINDEX, LAYOUT;

        String source() {
            String file = name().toLowerCase(java.util.Locale.ROOT) + ".lua";
            try (InputStream in = Scripts.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("script " + file + " is missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read script " + file, e);
            }
        }
    }

    private final RedisDriver driver;
    private final Map<Script, String> sources = new EnumMap<>(Script.class);
    private final Map<Script, String> shas = new EnumMap<>(Script.class);

    /** Loads every script into the server now. */
    Scripts(RedisDriver driver) {
        this.driver = driver;
        for (Script s : Script.values()) {
            sources.put(s, s.source());
            shas.put(s, driver.scriptLoad(sources.get(s)));
        }
    }

    /** A call of {@code script}. */
    ScriptCall call(Script script, List<byte[]> keys, List<byte[]> args) {
        return new ScriptCall(shas.get(script), keys, args);
    }

    /**
     * Runs the calls in one round trip (two when the server lost the scripts). Replies are the
     * scripts' arrays, or a {@link RedisError} for a call the server refused.
     */
    List<Object> run(List<ScriptCall> calls) {
        return run(calls, null);
    }

    /** As {@link #run(List)} for writes: each round trip also waits for a replica when {@code acks} asks for it. */
    List<Object> runDurably(List<ScriptCall> calls, ReplicaAcks acks) {
        return run(calls, acks);
    }

    private List<Object> evalsha(List<ScriptCall> calls, ReplicaAcks acks) {
        if (acks == null) {
            return driver.evalsha(calls);
        }
        return acks.send(wait -> wait == null ? driver.evalsha(calls) : driver.evalsha(calls, wait));
    }

    private List<Object> run(List<ScriptCall> calls, ReplicaAcks acks) {
        List<Object> replies = new ArrayList<>(evalsha(calls, acks));
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError e && e.isNoScript()) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return replies;
        }
        // the SHA-1 of a script is the same after a reload, so the same calls run again
        load();
        List<ScriptCall> again = new ArrayList<>(missing.size());
        missing.forEach(i -> again.add(calls.get(i)));
        List<Object> retried = evalsha(again, acks);
        for (int j = 0; j < missing.size(); j++) {
            if (retried.get(j) instanceof RedisError e && e.isNoScript()) {
                throw new StorageException("Redis at " + driver.description() + " keeps losing Larder's scripts: " + e.message());
            }
            replies.set(missing.get(j), retried.get(j));
        }
        return replies;
    }

    /** Runs one call. */
    List<?> runOne(ScriptCall call) {
        Object reply = run(List.of(call)).get(0);
        if (reply instanceof RedisError e) {
            throw driver.error(e, null);
        }
        return (List<?>) reply;
    }

    /** Loads every script again; a script's SHA-1 depends on its text only, so the calls' SHAs stay valid. */
    private void load() {
        for (Script s : Script.values()) {
            driver.scriptLoad(sources.get(s));
        }
    }
}
