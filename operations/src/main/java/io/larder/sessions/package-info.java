/**
 * User sessions on the port: {@link io.larder.sessions.Sessions} creates, finds, lists and
 * revokes them, with sliding expiry, an optional absolute cap, and a per-user list that cleans
 * itself. Non-null unless documented.
 */
@NullMarked
package io.larder.sessions;

import org.jspecify.annotations.NullMarked;
