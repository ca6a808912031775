package io.larder.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PutTest {
    private static Put put(String key, int valueBytes, long expireAt) {
        return new Put(key.getBytes(StandardCharsets.UTF_8), new byte[valueBytes], expireAt);
    }

    @Test
    void onlyABatchOfPutsThatNeverExpireGoesAsMsets() {
        assertThat(Put.fitMset(List.of(put("a", 1, 0), put("b", 1, 0)))).isTrue();
        assertThat(Put.fitMset(List.of(put("a", 1, 0), put("b", 1, 1_767_225_600_000L)))).isFalse();
        assertThat(Put.fitMset(List.of())).as("an MSET needs a key").isFalse();
    }

    @Test
    void smallValuesShareOneMsetInTheirOrder() {
        List<Put> puts = IntStream.range(0, 1000).mapToObj(i -> put("k" + i, 200, 0)).toList();

        List<byte[][]> msets = Put.msets(puts, key -> 0).commands();

        assertThat(msets).hasSize(1);
        assertThat(msets.get(0).length).isEqualTo(2000);
        assertThat(new String(msets.get(0)[2 * 999], StandardCharsets.UTF_8)).isEqualTo("k999");
        assertThat(msets.get(0)[2 * 999 + 1]).isSameAs(puts.get(999).value());
    }

    @Test
    void largeValuesAreSplitSoNoMsetPassesItsBytesAndOneLargerThanThatGoesAlone() {
        int third = Put.MSET_BYTES / 3;
        List<Put> puts = List.of(put("a", third, 0), put("b", third, 0), put("c", third, 0), put("d", Put.MSET_BYTES * 2, 0),
                put("e", 10, 0));

        List<byte[][]> msets = Put.msets(puts, key -> 0).commands();

        assertThat(msets).extracting(args -> args.length / 2).containsExactly(2, 1, 1, 1);
        assertThat(msets.get(2)[1]).hasSize(Put.MSET_BYTES * 2);
    }

    @Test
    void eachPutGetsItsOwnMsetsReplyAndTheOthersFollow() {
        Put.Msets msets = new Put.Msets(List.of(new byte[4][], new byte[2][]), new int[] {0, 0, 1});
        Object refused = new RedisError("OOM command not allowed");

        List<Object> spread = msets.spread(List.of("OK", refused, 1L));

        assertThat(spread).containsExactly("OK", "OK", refused, 1L);
    }

    @Test
    void putsAreGroupedBySlotEachGroupInOrderAndEachPutAnsweredByItsGroupsMset() {
        List<Put> puts = List.of(put("a1", 1, 0), put("b1", 1, 0), put("a2", 1, 0), put("b2", 1, 0), put("a3", 1, 0));

        Put.Msets msets = Put.msets(puts, key -> key[0]);

        assertThat(msets.commands()).extracting(args -> new String(args[0], StandardCharsets.UTF_8) + "," + new String(args[2],
                StandardCharsets.UTF_8) + "," + args.length / 2).containsExactly("a1,a2,3", "b1,b2,2");
        assertThat(msets.commandOf()).containsExactly(0, 1, 0, 1, 0);
        assertThat(msets.spread(List.of("OK-a", "OK-b"))).containsExactly("OK-a", "OK-b", "OK-a", "OK-b", "OK-a");
    }
}
