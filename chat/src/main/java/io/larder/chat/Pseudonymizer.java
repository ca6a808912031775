package io.larder.chat;

import io.larder.Secret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces user ids and names by stable aliases: {@code u_} and the first 12 hex digits of the
 * HMAC-SHA256 of the id under a secret, so the same person has the same alias in every export
 * made with the same secret and nobody without it can map an alias back by hashing guesses. The
 * secret never appears in {@code toString} or messages. Thread-safe.
 */
public final class Pseudonymizer {
    private static final String ALGORITHM = "HmacSHA256";
    private final Mac mac;

    private Pseudonymizer(Mac mac) {
        this.mac = mac;
    }

    /** Aliases keyed by {@code secret}, which must be set. */
    public static Pseudonymizer hmacSha256(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        if (!secret.isPresent()) {
            throw new IllegalArgumentException("pseudonymisation needs a secret");
        }
        char[] chars = secret.revealChars();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] key = new byte[bytes.remaining()];
        bytes.get(key);
        Arrays.fill(chars, '\0');
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return new Pseudonymizer(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK must provide " + ALGORITHM, e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The alias of a user id: {@code u_} and 12 hex digits. */
    public String alias(String userId) {
        byte[] digest;
        synchronized (mac) {
            digest = mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
        }
        return "u_" + HexFormat.of().formatHex(digest, 0, 6);
    }

    /**
     * The message with its sender's id and name, its mentions, its deleter and the senders of its
     * fetched forwarded messages replaced by aliases;
     * in the text, a mention ({@code @id}, or {@code @name} as the source showed it) becomes
     * {@code @alias}. Names the text spells out otherwise are not recognised, nor the names of
     * mentions in messages imported before version 2 kept them.
     */
    public ChatMessage apply(ChatMessage m) {
        String content = m.content();
        List<String> mentions = new ArrayList<>(m.mentions().size());
        for (String id : m.mentions()) {
            if (id.equals("all")) {
                mentions.add(id);
                continue;
            }
            String alias = alias(id);
            mentions.add(alias);
            String name = m.mentionNames().get(id);
            if (name != null) {
                content = content.replace("@" + name, "@" + alias);
            }
            content = content.replace("@" + id, "@" + alias);
        }
        List<ChatMessage.Forward> forwards = new ArrayList<>(m.forwards().size());
        for (ChatMessage.Forward f : m.forwards()) {
            forwards.add(f.messages() == null ? f : new ChatMessage.Forward(f.id(), f.messages().stream()
                    .map(x -> {
                        String a = x.senderId().isEmpty() ? "" : alias(x.senderId());
                        return new ChatMessage.ForwardedMessage(a, a, x.timestamp(), x.content());
                    }).toList()));
        }
        String alias = alias(m.senderId());
        return new ChatMessage(m.id(), m.groupId(), alias, alias, m.senderRole(), m.msgType(), content, m.attachments(),
                m.timestamp(), m.replyTo(), mentions, m.deletedAt(), m.deletedBy() == null ? null : alias(m.deletedBy()),
                m.schemaVersion(), Map.of(), m.cards(), forwards, m.messageSeq(), m.realSeq());
    }

    @Override
    public String toString() {
        return "Pseudonymizer{hmac-sha256, secret=******}";
    }
}
