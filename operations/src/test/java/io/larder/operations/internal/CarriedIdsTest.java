package io.larder.operations.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CarriedIdsTest {

    @Test
    void anIdGivesBackThePartitionItCarries() {
        for (String partition : new String[] {"1001", "u{1}:\n%.", "用户-甲", "a.b.c", "x y", "%41"}) {
            String id = CarriedIds.join(partition, "rest.of.it");
            assertThat(CarriedIds.partition(id)).isEqualTo(partition);
            assertThat(CarriedIds.rest(id)).isEqualTo("rest.of.it");
            assertThat(id.substring(0, id.indexOf('.'))).matches("[A-Za-z0-9_%-]+");
        }
    }

    @Test
    void textThatNoJoinMadeCarriesNoPartition() {
        for (String text : new String[] {"", ".x", "noDot", "bad%zz.x", "cut%4.x", "%FF.x", "spa ce.x", "{tag}.x"}) {
            assertThat(CarriedIds.partition(text)).as(text).isNull();
        }
    }

    @Test
    void randomPartsAre22Base64urlCharactersAndNeverRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String r = CarriedIds.random();
            assertThat(CarriedIds.isRandom(r)).isTrue();
            assertThat(seen.add(r)).isTrue();
        }
        assertThat(CarriedIds.isRandom("short")).isFalse();
        assertThat(CarriedIds.isRandom("a".repeat(21) + ".")).isFalse();
    }
}
