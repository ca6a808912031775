package io.larder.cli;

import io.larder.Larder;
import io.larder.Storage;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.config.LarderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The stores a command over a whole Larder works on ({@code migrate}, {@code backup}): those the
 * configuration declares, as maps of fields, and every store of the chat archive, as the archive's
 * own records (it has them open); narrowed to {@code --store}, where the archive's name stands for
 * all its stores. Stateless.
 */
final class StoreSelection {
    private StoreSelection() {
    }

    /**
     * The stores, by name, in the order they are worked on.
     *
     * @throws ParameterException naming the stores when {@code only} names one that does not exist
     */
    static Map<String, StoreSpec<?>> of(LarderSettings settings, ChatArchive archive, @Nullable List<String> only,
                                        CommandSpec command) {
        Map<String, StoreSpec<?>> all = new LinkedHashMap<>();
        settings.stores().forEach(s -> all.put(s.name(), s));
        List<String> family = new ArrayList<>();
        for (StoreSpec<?> s : archive.stores()) {
            all.put(s.name(), s);
            family.add(s.name());
        }
        if (only == null || only.isEmpty()) {
            return all;
        }
        Map<String, StoreSpec<?>> chosen = new LinkedHashMap<>();
        for (String name : only) {
            for (String n : name.equals(archive.name()) ? family : List.of(name)) {
                StoreSpec<?> s = all.get(n);
                if (s == null) {
                    throw new ParameterException(command.commandLine(), "no store named '" + name + "'; the stores are "
                            + String.join(", ", all.keySet()));
                }
                chosen.put(n, s);
            }
        }
        return chosen;
    }

    /** The store as {@code side}'s file declares it, else as {@code spec} does; records of {@code spec}'s type. */
    static <T> Storage<T> open(Larder larder, LarderSettings side, StoreSpec<T> spec) {
        return side.store(spec.name()).isPresent() ? larder.store(spec.name(), spec.type()) : larder.store(spec);
    }
}
