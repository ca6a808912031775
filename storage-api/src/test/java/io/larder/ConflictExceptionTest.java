package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.spi.Conflicts;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConflictExceptionTest {
    private static final Version V1 = Version.of(new byte[] {1, 2, 3});

    @Test
    void oneConflictNamesItsKeyAndVersion() {
        ConflictException e = ConflictException.of(List.of(Key.of("g", "a")), V1);
        assertThat(e.key()).isEqualTo(Key.of("g", "a"));
        assertThat(e.expected()).isEqualTo(V1);
        assertThat(e.conflicting()).containsExactly(Key.of("g", "a"));
        assertThat(e).hasMessageContaining("g/a");
    }

    @Test
    void aBatchsConflictNamesEveryKeyOnceInOrderAndTheFirstsVersion() {
        ConflictException e = ConflictException.of(List.of(Key.of("b"), Key.of("a"), Key.of("b"), Key.of("c")), V1);
        assertThat(e.key()).isEqualTo(Key.of("b"));
        assertThat(e.expected()).isEqualTo(V1);
        assertThat(e.conflicting()).containsExactly(Key.of("b"), Key.of("a"), Key.of("c"));
        assertThat(e).hasMessageContaining("records b and 2 more");
    }

    @Test
    void noKeyIsNoConflict() {
        assertThatIllegalArgumentException().isThrownBy(() -> ConflictException.of(List.of(), V1));
    }

    @Test
    void joinedKeepsTheFirstsKeyAndVersion() {
        ConflictException e = ConflictException.joined(new ConflictException(Key.of("a"), V1),
                new ConflictException(Key.of("b"), Version.ABSENT));
        assertThat(e.key()).isEqualTo(Key.of("a"));
        assertThat(e.expected()).isEqualTo(V1);
        assertThat(e.conflicting()).containsExactly(Key.of("a"), Key.of("b"));
    }

    @Test
    void collectedConflictsAreRaisedOnceNamingEveryKey() {
        Conflicts none = new Conflicts();
        assertThatCode(none::throwIfAny).doesNotThrowAnyException();

        Conflicts conflicts = new Conflicts();
        IntStream.range(0, 5000).forEach(i -> conflicts.add(Key.of("k" + i), Version.ABSENT));
        conflicts.add(ConflictException.of(List.of(Key.of("x"), Key.of("k0")), V1));
        assertThatThrownBy(conflicts::throwIfAny).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.key()).isEqualTo(Key.of("k0"));
            assertThat(e.expected()).isEqualTo(Version.ABSENT);
            assertThat(e.conflicting()).hasSize(5001).endsWith(Key.of("x"));
        });
    }
}
