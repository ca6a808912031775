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
import java.util.function.Function;

/**
 * A set of Lua scripts named by the constants of {@code S}: loaded once with {@code SCRIPT LOAD},
 * run with {@code EVALSHA}, and loaded again when a server answers {@code NOSCRIPT} (after a
 * restart, a failover to a replica that never saw the load, or {@code SCRIPT FLUSH}). A script's
 * SHA-1 depends on its text only, so calls built before a reload stay valid. Thread-safe.
 *
 * @param <S> the scripts' names
 */
abstract class LuaScripts<S extends Enum<S>> {
    /** The driver the scripts run on. */
    protected final RedisDriver driver;
    private final Map<S, String> sources;
    private final Map<S, String> shas;

    /** Loads every script of {@code kind} into the server now, its text given by {@code source}. */
    protected LuaScripts(RedisDriver driver, Class<S> kind, Function<S, String> source) {
        this.driver = driver;
        this.sources = new EnumMap<>(kind);
        this.shas = new EnumMap<>(kind);
        for (S s : kind.getEnumConstants()) {
            sources.put(s, source.apply(s));
            shas.put(s, driver.scriptLoad(sources.get(s)));
        }
    }

    /** The SHA-1 {@code EVALSHA} names {@code script} by. */
    protected final String sha(S script) {
        return shas.get(script);
    }

    /**
     * Runs the calls in one round trip (two when the server lost the scripts); a write also waits
     * for a replica when {@code acks} (null for none) says so. Replies are the scripts' answers, or
     * a {@link RedisError} for a call the server refused.
     */
    final List<Object> run(List<ScriptCall> calls, ReplicaAcks acks) {
        List<Object> replies = evalsha(calls, acks);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i) instanceof RedisError e && e.isNoScript()) {
                missing.add(i);
            }
        }
        if (missing.isEmpty()) {
            return replies;
        }
        sources.values().forEach(driver::scriptLoad);
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

    /** Runs one call; an error reply is thrown, naming {@code key} (null when no key says more). */
    final List<?> runOne(ScriptCall call, ReplicaAcks acks, String key) {
        Object reply = run(List.of(call), acks).get(0);
        if (reply instanceof RedisError e) {
            throw driver.error(e, key);
        }
        return (List<?>) reply;
    }

    private List<Object> evalsha(List<ScriptCall> calls, ReplicaAcks acks) {
        if (acks == null) {
            return new ArrayList<>(driver.evalsha(calls));
        }
        return new ArrayList<>(acks.send(wait -> wait == null ? driver.evalsha(calls) : driver.evalsha(calls, wait)));
    }

    /** The text of the script file {@code file} in this package. */
    static String read(String file) {
        try (InputStream in = LuaScripts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("script " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + file, e);
        }
    }
}
