package io.larder.redis.limits;

import io.larder.redis.internal.LuaScript;

/** The rate limits' Lua script: {@code limit.lua}, beside this class. */
enum LimitScript implements LuaScript {
    LIMIT;

    @Override
    public String source() {
        return LuaScript.read(LimitScript.class, "limit.lua");
    }
}
