package io.larder.redis;

import io.larder.Secret;
import io.larder.redis.internal.ErrorReplies;

/**
 * How the driver edges ({@code jedis/}, {@code lettuce/}, the cluster's node links) name what a
 * {@link RedisSettings} reaches in their errors, with every secret the settings hold scrubbed.
 * Not for users. Stateless.
 */
public final class SettingsReplies {
    private SettingsReplies() {
    }

    /** The error replies of the server or Sentinel group {@code settings} reach. */
    public static ErrorReplies of(RedisSettings settings) {
        return settings.mode() == RedisSettings.Mode.SENTINEL
                ? ErrorReplies.sentinel(settings.sentinel().master(), settings.sentinel().nodes(), settings.database(),
                        settings.tls().enabled(), settings.username(), secrets(settings))
                : ErrorReplies.standalone(settings.host(), settings.port(), settings.database(), settings.tls().enabled(),
                        settings.username(), secrets(settings));
    }

    /** Every secret {@code settings} hold, for scrubbing from messages. */
    public static Secret[] secrets(RedisSettings settings) {
        return new Secret[] {settings.password(), settings.sentinel().password(), settings.tls().trustStorePassword()};
    }
}
