package io.larder.redis.internal;

import io.larder.StorageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Lua scripts loaded into the server: the constants of an enum (a room's scripts, read from its
 * {@code .lua} files) or one script made at run time (a limiter's, from its limits). Loaded once
 * with {@code SCRIPT LOAD} (by {@link StoreContext#scripts}, once per backend), run with
 * {@code EVALSHA}, and loaded again when a server answers {@code NOSCRIPT} (after a restart, a
 * failover to a replica that never saw the load, or {@code SCRIPT FLUSH}). A script's SHA-1
 * depends on its text only, so calls built before a reload stay valid. Thread-safe.
 *
 * @param <S> the scripts' names
 */
public final class ScriptSet<S extends LuaScript> {
    private final RedisDriver driver;
    private final Map<S, String> sources = new LinkedHashMap<>();
    private final Map<S, String> shas = new LinkedHashMap<>();

    /** Loads every script of {@code scripts} into the server now. */
    ScriptSet(RedisDriver driver, List<S> scripts) {
        this.driver = driver;
        for (S s : scripts) {
            sources.put(s, s.source());
            shas.put(s, driver.scriptLoad(sources.get(s)));
        }
    }

    /** A call of {@code script} on {@code keys} (all in one hash slot; the first routes it on a cluster). */
    public ScriptCall call(S script, List<byte[]> keys, List<byte[]> args) {
        return new ScriptCall(Objects.requireNonNull(shas.get(script), "every script of the set is loaded"), keys, args);
    }

    /**
     * Runs read calls in one round trip (two when the server lost the scripts). Replies are the
     * scripts' answers, or a {@link RedisError} for a call the server refused.
     */
    public List<Object> run(List<ScriptCall> calls) {
        return run(calls, null);
    }

    /**
     * As {@link #run(List)} for writes: the round trip also waits for the confirmations {@code writes}' policy asks for.
     *
     * @throws io.larder.UnconfirmedWriteException when they do not come in time and the policy says {@code fail}
     */
    public List<Object> runDurably(List<ScriptCall> calls, DurableWrites writes) {
        return run(calls, writes);
    }

    /** Runs one read call; an error reply is thrown, naming {@code key} (null when no key says more). */
    public List<?> runOne(ScriptCall call, @Nullable String key) {
        return runOne(call, null, key);
    }

    /** As {@link #runOne} for a write, which waits for the confirmations {@code writes}' policy asks for. */
    public List<?> runOneDurably(ScriptCall call, DurableWrites writes, @Nullable String key) {
        return runOne(call, writes, key);
    }

    private List<?> runOne(ScriptCall call, @Nullable DurableWrites writes, @Nullable String key) {
        Object reply = run(List.of(call), writes).get(0);
        if (reply instanceof RedisError e) {
            throw driver.error(e, key);
        }
        return (List<?>) reply;
    }

    /** {@code writes} is null for reads. */
    private List<Object> run(List<ScriptCall> calls, @Nullable DurableWrites writes) {
        List<Object> replies = evalsha(calls, writes);
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
        List<Object> retried = evalsha(again, writes);
        for (int j = 0; j < missing.size(); j++) {
            if (retried.get(j) instanceof RedisError e && e.isNoScript()) {
                throw new StorageException("Redis at " + driver.description() + " keeps losing Larder's scripts: " + e.message());
            }
            replies.set(missing.get(j), retried.get(j));
        }
        return replies;
    }

    private List<Object> evalsha(List<ScriptCall> calls, @Nullable DurableWrites writes) {
        if (writes == null) {
            return new ArrayList<>(driver.evalsha(calls));
        }
        return new ArrayList<>(writes.send(() -> DurableWrites.keys(KeyText.text(calls.get(0).keys().get(0)), calls.size()),
                wait -> wait == null ? driver.evalsha(calls) : driver.evalsha(calls, wait)));
    }
}
