package io.larder.redis.archive;

import io.larder.redis.internal.DurableWrites;
import io.larder.redis.internal.LuaScript;
import io.larder.redis.internal.ScriptCall;
import io.larder.redis.internal.ScriptSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The archive layout's Lua scripts, each with {@code archive_lib.lua} prepended, each called with
 * a key base (a partition's, or the store's tail registry) as its first argument and only key.
 * The set is loaded once per backend; this is one store's view of it. Thread-safe.
 */
final class ArchiveScripts {

    /** Each script, named after its file {@code archive_<name>.lua} beside this class. */
    enum Script implements LuaScript {
        APPEND, FETCH, COMMIT, RANGE, TAILS, TALLY;

        @Override
        public String source() {
            return LuaScript.read(Script.class, "archive_lib.lua") + "\n"
                    + LuaScript.read(Script.class, "archive_" + name().toLowerCase(Locale.ROOT) + ".lua");
        }
    }

    private final ScriptSet<Script> set;

    ArchiveScripts(ScriptSet<Script> set) {
        this.set = set;
    }

    /** A call of {@code script} on the key base {@code base}: a cluster routes it by the base's hash tag. */
    ScriptCall call(Script script, byte[] base, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>(args.size() + 1);
        all.add(base);
        all.addAll(args);
        return set.call(script, List.of(base), all);
    }

    /** Runs read calls in one round trip; see {@link ScriptSet#run}. */
    List<Object> run(List<ScriptCall> calls) {
        return set.run(calls);
    }

    /** Runs write calls in one round trip, waiting for the confirmations {@code writes}' policy asks for. */
    List<Object> runDurably(List<ScriptCall> calls, DurableWrites writes) {
        return set.runDurably(calls, writes);
    }

    /** Runs one read call; an error reply is thrown, naming {@code key}. */
    List<?> runOne(ScriptCall call, String key) {
        return set.runOne(call, key);
    }

    /** Runs one write call, waiting for the confirmations {@code writes}' policy asks for; an error reply is thrown, naming {@code key}. */
    List<?> runOneDurably(ScriptCall call, DurableWrites writes, String key) {
        return set.runOneDurably(call, writes, key);
    }
}
