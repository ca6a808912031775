package io.larder.redis;

import io.larder.redis.internal.RedisDriver;
import io.larder.redis.internal.ScriptCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The archive layout's Lua scripts, each with {@code archive_lib.lua} prepended, each called with
 * the partition's key base as its first argument and only key. Thread-safe.
 */
final class ArchiveScripts extends LuaScripts<ArchiveScripts.Script> {

    /** Each script, named after its file {@code archive_<name>.lua} in this package. */
    enum Script {
        APPEND, FETCH, COMMIT, RANGE, TAILS
    }

    ArchiveScripts(RedisDriver driver) {
        super(driver, Script.class, s -> read("archive_lib.lua") + "\n" + read("archive_" + s.name().toLowerCase(Locale.ROOT) + ".lua"));
    }

    ScriptCall call(Script script, byte[] base, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>(args.size() + 1);
        all.add(base);
        all.addAll(args);
        // the base is the partition's hash tag: a cluster routes the call by it
        return new ScriptCall(sha(script), List.of(base), all);
    }
}
