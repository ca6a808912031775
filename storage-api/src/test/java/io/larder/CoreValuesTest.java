package io.larder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.spi.Position;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoreValuesTest {

    @Test
    void idsWithinOneMillisecondStillIncrease() {
        TimeOrderedIds ids = new TimeOrderedIds(Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(ids.next());
        }
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made.get(0)).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    }

    @Test
    void idsSortByTime() {
        String early = new TimeOrderedIds(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
        String late = new TimeOrderedIds(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).next();
        assertThat(early).isLessThan(late);
    }

    @Test
    void cursorRoundTripsItsPositionAndOrder() {
        Position p = new Position(1_767_225_600_000L, "消息:1|x");
        assertThat(Cursors.decode(Cursors.encode(p, true), true)).isEqualTo(p);
        assertThatThrownBy(() -> Cursors.decode(Cursors.encode(p, true), false)).hasMessageContaining("order");
        assertThatThrownBy(() -> Cursors.decode("Zm9v", false)).hasMessageContaining("cursor");
    }

    @Test
    void snakeCaseFieldsFindCamelCaseComponents() {
        assertThat(StoreSpec.javaName("group_id")).isEqualTo("groupId");
        assertThat(StoreSpec.javaName("sender-name")).isEqualTo("senderName");
        assertThat(StoreSpec.javaName("_x")).isEqualTo("x");
    }

    record Msg(String messageId, String groupId, Instant sentAt, Kind kind) {
    }

    enum Kind { TEXT, IMAGE }

    static final class Bean {
        private String id;
        private final String owner = "o";

        String owner() {
            return owner;
        }
    }

    @Test
    void recordShapeReadsRecordsBeansAndMaps() {
        StoreSpec<Msg> spec = StoreSpec.builder("m", Msg.class).id("message_id").partitionBy("group_id")
                .time("sent_at").index("kind").build();
        RecordShape<Msg> shape = new RecordShape<>(spec, Expiry.none());
        Msg m = new Msg(null, "g", Instant.ofEpochMilli(42), Kind.IMAGE);
        assertThat(shape.id(m)).isNull();
        assertThat(shape.id(shape.withId(m, "x"))).isEqualTo("x");
        assertThat(shape.time(m)).isEqualTo(42);
        assertThat(shape.terms(m)).containsExactly(new Query.Term("kind", "IMAGE"));

        RecordShape<Bean> bean = new RecordShape<>(StoreSpec.builder("b", Bean.class).partitionBy("owner").build(), Expiry.none());
        Bean b = new Bean();
        assertThat(bean.id(bean.withId(b, "id1"))).isEqualTo("id1");
        assertThat(bean.partition(b)).isEqualTo("o");

        @SuppressWarnings({"rawtypes", "unchecked"})
        RecordShape<Map> map = new RecordShape<>(StoreSpec.builder("x", Map.class).partitionBy("room_id").build(), Expiry.none());
        assertThat(map.partition(Map.of("roomId", "r"))).isEqualTo("r");
    }

    /** A bean whose indexed getter fails: public, in a class no other package may reach. */
    static final class Moody {
        public String getId() {
            return "m1";
        }

        public String getMood() {
            throw new UnsupportedOperationException("no mood today");
        }
    }

    private record Hidden(String id, long at) {
    }

    @Test
    void aFailingGetterIsNamedWithItsCauseAndPrivateRecordsAreRead() {
        RecordShape<Moody> moody = new RecordShape<>(StoreSpec.builder("moody", Moody.class).index("mood").build(), Expiry.none());
        assertThat(moody.id(new Moody())).isEqualTo("m1");
        assertThatThrownBy(() -> moody.terms(new Moody())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("getMood()").hasMessageContaining("failed")
                .hasCauseInstanceOf(UnsupportedOperationException.class).cause().hasMessage("no mood today");

        RecordShape<Hidden> hidden = new RecordShape<>(StoreSpec.builder("hidden", Hidden.class).time("at").build(), Expiry.none());
        assertThat(hidden.id(new Hidden("h", 7))).isEqualTo("h");
        assertThat(hidden.time(new Hidden("h", 7))).isEqualTo(7);
        assertThat(hidden.id(hidden.withId(new Hidden("h", 7), "h2"))).isEqualTo("h2");
    }

    @Test
    void aMapsTimeMayBeTheIsoTextAnInstantIsStoredAs() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        RecordShape<Map> map = new RecordShape<>(StoreSpec.builder("x", Map.class).partitionBy("room_id").time("ts").build(), Expiry.none());
        assertThat(map.time(Map.of("roomId", "r", "ts", "2026-01-02T03:04:05.006Z")))
                .isEqualTo(Instant.parse("2026-01-02T03:04:05.006Z").toEpochMilli());
        assertThat(map.time(Map.of("roomId", "r", "ts", 42L))).isEqualTo(42);
        assertThatThrownBy(() -> map.time(Map.of("roomId", "r", "ts", "yesterday")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ts'").hasMessageContaining("\"yesterday\"");
    }

    @Test
    void unknownFieldsAreReportedTogether() {
        assertThatThrownBy(() -> new RecordShape<>(StoreSpec.builder("m", Msg.class).id("message_id").partitionBy("room").time("when")
                .index("colour").build(), Expiry.none()))
                .isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(((ConfigurationException) e).problems()).hasSize(3));
    }

    @Test
    void storeSpecRefusesASettingMadeTwiceAndBadNames() {
        assertThatThrownBy(() -> StoreSpec.builder("s", Msg.class).time("a").time("b")).hasMessageContaining("already set");
        assertThatThrownBy(() -> StoreSpec.builder("bad name", Msg.class)).hasMessageContaining("bad name");
        assertThatThrownBy(() -> StoreSpec.builder("s", Msg.class).retention(Retention.keepNewest(5)).build())
                .hasMessageContaining("partition-by");
        assertThatThrownBy(() -> StoreSpec.builder("s", Msg.class).layout(Layout.ARCHIVE).partitionBy("group_id")
                .time("sent_at").expiry(Expiry.absolute(Duration.ofHours(1))).build()).hasMessageContaining("per-record expiry");
    }

    @Test
    void sizesParseTheirUnits() {
        assertThat(DataSize.parse("512B").bytes()).isEqualTo(512);
        assertThat(DataSize.parse("4KB").bytes()).isEqualTo(4096);
        assertThat(DataSize.parse("1 mb").bytes()).isEqualTo(1 << 20);
        assertThat(DataSize.parse("7").bytes()).isEqualTo(7);
        assertThatThrownBy(() -> DataSize.parse("lots")).hasMessageContaining("lots");
    }

    /** An adapter's settings holding a secret, as the Redis adapter's do. */
    private record Credentials(String user, Secret password) implements AdapterSettings {
        @Override
        public String provider() {
            return "test";
        }
    }

    @Test
    void secretsNeverShowTheirText() {
        Secret s = Secret.of("hunter2");
        assertThat(s.toString()).doesNotContain("hunter2");
        BackendSettings settings = BackendSettings.of(new Credentials("app", s));
        assertThat(settings.toString()).doesNotContain("hunter2");
        assertThat(s.reveal()).isEqualTo("hunter2");
    }

    @Test
    void queriesCheckTheirArguments() {
        assertThatThrownBy(() -> Query.all().limit(0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> Query.all().betweenMillis(5, 1)).hasMessageContaining("starts after");
        assertThat(Query.in("g", 42).partition()).isEqualTo("42");
        assertThat(Query.all().where("kind", Kind.TEXT).terms()).containsExactly(new Query.Term("kind", "TEXT"));
    }

    @Test
    void versionsAreTheDigestOfTheStoredBytes() {
        Version a = Version.of("x".getBytes());
        assertThat(a.token()).isEqualTo("11f6ad8ec52a2984abaafd7c3b516503785c2072");
        assertThat(Version.parse(a.token())).isEqualTo(a);
        assertThat(Version.parse("absent")).isSameAs(Version.ABSENT);
        assertThatThrownBy(() -> Version.parse("nope")).hasMessageContaining("nope");
    }

    @Test
    void healthDegradesWithReasonsKept() {
        Health h = Health.up(Duration.ofMillis(1), Map.of()).degraded("no persistence").degraded("replica down");
        assertThat(h.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(h.details().get("reason")).isEqualTo("no persistence; replica down");
        Set<Health.Status> all = new HashSet<>(List.of(Health.Status.values()));
        assertThat(all).hasSize(3);
    }
}
