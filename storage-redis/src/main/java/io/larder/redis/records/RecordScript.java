package io.larder.redis.records;

import io.larder.redis.internal.LuaScript;
import java.util.Locale;

/** The records and values layouts' Lua scripts, each named after its file beside this class. */
enum RecordScript implements LuaScript {
    WRITE, WRITE_BATCH, DELETE, DELETE_PARTITION, RANGE, SWEEP, UNINDEX, TALLY;

    @Override
    public String source() {
        return LuaScript.read(RecordScript.class, name().toLowerCase(Locale.ROOT) + ".lua");
    }
}
