package io.larder.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.Jackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * Spring Data Redis as a Spring application wires it: a {@link RedisTemplate} on a
 * {@link LettuceConnectionFactory} (one shared native connection), string keys, the Jackson JSON
 * value serializer, {@code executePipelined} for batches; a {@link StringRedisTemplate} on the same
 * factory for the timeline's ids.
 */
final class SpringRedisSubject implements BenchSubject {
    private static final Duration EXPIRY = Duration.ofSeconds(RawKeys.EXPIRY_SECONDS);

    private final LettuceConnectionFactory factory;
    private final RedisTemplate<String, ChatMessage> template;
    private final StringRedisTemplate strings;

    @SuppressWarnings("removal") // Jackson2JsonRedisSerializer is Spring Data Redis 4's serializer for Jackson 2
    SpringRedisSubject(RedisTarget redis) {
        this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
        factory.afterPropertiesSet();
        if (!factory.isRunning()) {
            factory.start();
        }
        this.template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(StringRedisSerializer.UTF_8);
        template.setValueSerializer(new Jackson2JsonRedisSerializer<>(ChatMessage.class));
        template.afterPropertiesSet();
        this.strings = new StringRedisTemplate(factory);
    }

    @Override
    public void save(ChatMessage message) {
        template.opsForValue().set(RawKeys.value(message), message, EXPIRY);
    }

    @Override
    public @Nullable ChatMessage load(MessageRef ref) {
        return template.opsForValue().get(RawKeys.value(ref));
    }

    @Override
    public void saveAll(List<ChatMessage> batch) {
        template.executePipelined(new SessionCallback<Object>() {
            @Override
            // a pipelined callback must return null: SessionCallback<T extends @Nullable Object>, generics NullAway does not check
            @SuppressWarnings({"unchecked", "NullAway"})
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, ChatMessage> ops = (RedisOperations<String, ChatMessage>) operations;
                for (ChatMessage m : batch) {
                    ops.opsForValue().set(RawKeys.value(m), m, EXPIRY);
                }
                return null;
            }
        });
    }

    @Override
    public List<ChatMessage> loadAll(List<MessageRef> refs) {
        List<Object> answers = template.executePipelined(new SessionCallback<Object>() {
            @Override
            // a pipelined callback must return null: SessionCallback<T extends @Nullable Object>, generics NullAway does not check
            @SuppressWarnings({"unchecked", "NullAway"})
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, ChatMessage> ops = (RedisOperations<String, ChatMessage>) operations;
                for (MessageRef ref : refs) {
                    ops.opsForValue().get(RawKeys.value(ref));
                }
                return null;
            }
        });
        List<ChatMessage> out = new ArrayList<>(answers.size());
        for (Object a : answers) {
            if (a != null) {
                out.add((ChatMessage) a);
            }
        }
        return out;
    }

    @Override
    public void append(List<ChatMessage> batch) {
        // values through the typed template, ids through the string one, both in one pipeline of one connection each
        saveAll(batch);
        strings.executePipelined(new SessionCallback<Object>() {
            @Override
            // a pipelined callback must return null: SessionCallback<T extends @Nullable Object>, generics NullAway does not check
            @SuppressWarnings({"unchecked", "NullAway"})
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                for (ChatMessage m : batch) {
                    ops.opsForZSet().add(RawKeys.timeline(m.groupId()), m.id(), m.timestamp());
                }
                return null;
            }
        });
    }

    @Override
    public List<ChatMessage> list(String groupId, int limit) {
        Set<String> ids = strings.opsForZSet().reverseRange(RawKeys.timeline(groupId), 0, limit - 1);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(ids.size());
        for (String id : ids) {
            keys.add(RawKeys.value(groupId, id));
        }
        List<ChatMessage> values = template.opsForValue().multiGet(keys);
        List<ChatMessage> out = new ArrayList<>(keys.size());
        if (values != null) {
            for (ChatMessage m : values) {
                if (m != null) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    @Override
    public String dataset() {
        return RawKeys.DATASET;
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
