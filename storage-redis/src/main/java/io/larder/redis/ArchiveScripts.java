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
 * The archive layout's Lua scripts, each with {@code archive_lib.lua} prepended: loaded with
 * {@code SCRIPT LOAD}, run with {@code EVALSHA}, loaded again when the server answers
 * {@code NOSCRIPT}. Thread-safe.
 */
final class ArchiveScripts {

    /** Each script, named after its file {@code archive_<name>.lua} in this package. */
    enum Script {
        APPEND, FETCH, COMMIT, RANGE, TAILS
    }

    private final RedisDriver driver;
    private final Map<Script, String> sources = new EnumMap<>(Script.class);
    private final Map<Script, String> shas = new EnumMap<>(Script.class);

    ArchiveScripts(RedisDriver driver) {
        this.driver = driver;
        String lib = read("archive_lib.lua");
        for (Script s : Script.values()) {
            sources.put(s, lib + "\n" + read("archive_" + s.name().toLowerCase(java.util.Locale.ROOT) + ".lua"));
            shas.put(s, driver.scriptLoad(sources.get(s)));
        }
    }

    ScriptCall call(Script script, byte[] base, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>(args.size() + 1);
        all.add(base);
        all.addAll(args);
        // the base is the partition's hash tag: a cluster routes the call by it
        return new ScriptCall(shas.get(script), List.of(base), all);
    }

    /** Runs the calls in one round trip (two if the scripts were lost); a write also waits for a replica when {@code acks} says so. */
    List<Object> run(List<ScriptCall> calls, ReplicaAcks acks) {
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

    /** Runs one call; an error reply is thrown, naming {@code key}. */
    List<?> runOne(ScriptCall call, ReplicaAcks acks, String key) {
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

    private static String read(String file) {
        try (InputStream in = ArchiveScripts.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("script " + file + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + file, e);
        }
    }
}
