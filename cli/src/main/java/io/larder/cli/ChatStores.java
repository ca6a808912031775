package io.larder.cli;

import io.larder.Expiry;
import io.larder.StoreSpec;
import io.larder.chat.ChatArchive;
import io.larder.chat.ChatRetention;
import java.util.List;
import java.util.Map;

/**
 * The stores the command's chat archive keeps when no configuration declares them, as untyped
 * declarations a migration copies record by record: the messages ({@link ChatArchive#spec}) and
 * the daily counts beside them.
 */
@SuppressWarnings("rawtypes")                       // records are copied as maps: a copy needs no record type
final class ChatStores {
    private ChatStores() {
    }

    /** The message store and its counts store, as the archive the command opens declares them. */
    static List<StoreSpec<Map>> undeclared() {
        String name = ChatArchive.DEFAULT_NAME;
        StoreSpec<Map> messages = ChatArchive.spec(name, ChatRetention.forever()).as(Map.class);
        // mirrors the chat module's counts declaration (ArchiveSpecs.counts), which it does not publish yet
        StoreSpec<Map> counts = StoreSpec.builder(name + ".counts", Map.class)
                .id("period").partitionBy("group_id").time("start").index("span").expiry(Expiry.none()).build();
        return List.of(messages, counts);
    }
}
