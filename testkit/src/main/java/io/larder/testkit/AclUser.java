package io.larder.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Redis ACL user (Redis 6+): a name, a password and the ACL rules that limit it.
 *
 * @param name     the user name
 * @param password the user's password
 * @param rules    ACL rules after {@code on >password}, e.g. {@code ~larder:*}, {@code +@read}
 */
public record AclUser(String name, String password, List<String> rules) {

    /**
     * The commands a storage adapter needs, and nothing that can hurt other tenants: data
     * commands, scripts, transactions, connection set-up and topology discovery, but no
     * {@code FLUSHALL}, {@code KEYS}, {@code CONFIG} or other {@code @dangerous} command.
     */
    public static final List<String> STORAGE_COMMANDS = List.of(
            "-@all", "+@read", "+@write", "+@keyspace", "+@connection", "+@transaction", "+@scripting", "+@pubsub",
            "-@dangerous",
            // Re-allowed after -@dangerous: health checks and topology discovery of the drivers.
            "+info", "+role", "+command", "+readonly", "+readwrite",
            "+client|setname", "+client|getname", "+client|id",
            "+cluster|slots", "+cluster|shards", "+cluster|nodes", "+cluster|info", "+cluster|myid", "+cluster|keyslot");

    /** Checks the arguments and copies the rules. */
    public AclUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        rules = List.copyOf(rules);
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("ACL user name must be one word, was '" + name + "'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("ACL user " + name + " needs a password");
        }
    }

    /**
     * A user limited to keys matching {@code keyPattern} (e.g. {@code larder:*}) and to
     * {@link #STORAGE_COMMANDS}; all Pub/Sub channels are allowed.
     */
    public static AclUser of(String name, String password, String keyPattern) {
        List<String> rules = new ArrayList<>();
        rules.add("~" + keyPattern);
        rules.add("&*");
        rules.addAll(STORAGE_COMMANDS);
        return new AclUser(name, password, rules);
    }

    /** The {@code user} directive of redis.conf's arguments, starting from a clean user. */
    List<String> directiveArgs() {
        List<String> args = new ArrayList<>();
        args.add(name);
        args.add("reset");
        args.add("on");
        args.add(">" + password);
        args.addAll(rules);
        return args;
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "AclUser[" + name + " " + String.join(" ", rules) + "]";
    }
}
