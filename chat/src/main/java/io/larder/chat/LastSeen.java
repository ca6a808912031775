package io.larder.chat;

import java.time.Instant;

/**
 * When a user was last active, kept after their online status is gone (the presence's
 * {@code seen-for}).
 *
 * @param userId the user
 * @param at the last activity
 */
record LastSeen(String userId, Instant at) {
}
