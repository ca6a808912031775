package io.larder.memory;

import io.larder.Key;
import java.util.List;
import java.util.Map;

/**
 * A store as the snapshot file holds it: its shape and its records. When written, the records
 * are a lazy view of a live store; when read, a list.
 *
 * @param name the store's name
 * @param partitioned whether its keys carry a partition
 * @param indexes the indexed fields its records' terms were computed for
 * @param records its records by key
 */
record StoreImage(String name, boolean partitioned, List<String> indexes, Iterable<Map.Entry<Key, Entry>> records) {
    StoreImage {
        indexes = List.copyOf(indexes);
    }
}
