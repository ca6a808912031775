package io.larder.redis;

import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.ScriptCall;
import java.util.List;
import java.util.Locale;

/** The records and values layouts' Lua scripts. Thread-safe. */
final class Scripts extends LuaScripts<Scripts.Script> {

    /** Each script, named after its file in this package. */
    enum Script {
        WRITE, DELETE, RANGE, SWEEP, UNINDEX, LAYOUT
    }

    /** Loads every script into the server now. */
    Scripts(RedisDriver driver) {
        super(driver, Script.class, s -> read(s.name().toLowerCase(Locale.ROOT) + ".lua"));
    }

    /** A call of {@code script}. */
    ScriptCall call(Script script, List<byte[]> keys, List<byte[]> args) {
        return new ScriptCall(sha(script), keys, args);
    }

    /** Runs read calls in one round trip (two when the server lost the scripts). */
    List<Object> run(List<ScriptCall> calls) {
        return run(calls, null);
    }

    /** As {@link #run(List)} for writes: each round trip also waits for a replica when {@code acks} asks for it. */
    List<Object> runDurably(List<ScriptCall> calls, ReplicaAcks acks) {
        return run(calls, acks);
    }

    /** Runs one read call; an error reply is thrown. */
    List<?> runOne(ScriptCall call) {
        return runOne(call, null, null);
    }
}
