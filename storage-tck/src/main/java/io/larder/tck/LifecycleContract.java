package io.larder.tck;

import static io.larder.tck.ContractFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.ConfigurationException;
import io.larder.Health;
import io.larder.Storage;
import io.larder.StorageException;
import io.larder.StoreSpec;
import io.larder.testkit.Note;
import org.junit.jupiter.api.Test;

/** Health, metrics, declarations and close. */
public interface LifecycleContract extends ContractFixture {

    @Test
    default void healthIsUsableAndMeasuresLatency() {
        Health h = notes().health();
        assertThat(h.isUsable()).isTrue();
        assertThat(h.latency().isNegative()).isFalse();
        assertThat(larder().health().isUsable()).isTrue();
    }

    @Test
    default void everyOperationIsTimedWithStoreOperationAndOutcome() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        notes.load(key("g1", "n1"));
        String store = notes.spec().name();
        assertThat(registry().get("larder.operation").tag("store", store).tag("operation", "save")
                .tag("outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry().get("larder.operation").tag("store", store).tag("operation", "load").timer().count()).isEqualTo(1);
    }

    @Test
    default void reopeningAStoreByNameGivesTheSameStore() {
        Storage<Note> notes = notes();
        notes.save(Note.of("n1", "g1", "alice", T0));
        assertThat(larder().store(notes.spec().name(), Note.class).load(key("g1", "n1"))).isPresent();
    }

    @Test
    default void reopeningAStoreWithAnotherDeclarationIsRefused() {
        Storage<Note> notes = notes();
        assertThatThrownBy(() -> larder().store(StoreSpec.builder(notes.spec().name(), Note.class).build()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(notes.spec().name());
    }

    @Test
    default void closedLarderRefusesWork() {
        Storage<Note> notes = notes();
        larder().close();
        assertThatThrownBy(() -> notes.load(key("g1", "n1"))).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        larder().close();
    }
}
