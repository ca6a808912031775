package io.larder.redis.internal;

import static io.larder.redis.internal.KeyText.bytes;

import io.larder.ConfigurationException;
import java.util.List;

/**
 * The check every store makes when it opens: {@code layout.lua} records the store's layout
 * version under {@code {prefix}{store}:layout} on the first open, and a store written in another
 * layout or version is refused. Stateless.
 */
public final class LayoutVersion {
    /** The one script of this check. */
    enum Script implements LuaScript {
        RECORD;

        @Override
        public String source() {
            return LuaScript.read(LayoutVersion.class, "layout.lua");
        }
    }

    private LayoutVersion() {
    }

    /**
     * Records {@code version} under {@code layoutKey} unless a version is recorded there already.
     *
     * @throws ConfigurationException when store {@code store} was written in another layout version
     */
    public static void check(StoreContext context, String store, String layoutKey, String version) {
        ScriptSet<Script> scripts = context.scripts(Script.class);
        List<?> reply = scripts.runOne(scripts.call(Script.RECORD, List.of(bytes(layoutKey)), List.of(bytes(version))), null);
        String found = Replies.text(reply, 0);
        if (!version.equals(found)) {
            throw new ConfigurationException("store '" + store + "' was written in key layout " + found + " (key "
                    + layoutKey + "), not " + version + " as declared: migrate it first");
        }
    }
}
