package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import io.larder.DataSize;
import io.larder.Larder;
import io.larder.SettingsSection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code larder.sessions}, {@code larder.tasks} and {@code larder.templates}: typed, validated with the rest, handed to the Larder. */
class CapabilitySectionsTest {

    @Test
    void eachCapabilitysSectionIsReadTyped() {
        LarderSettings s = Yaml.parse("""
                larder:
                  sessions: { store: user_sessions, expiry: 7d, max-age: 30d, activity-interval: 5m, count-interval: 0 }
                  tasks: { store: jobs, expiry: 24h, stall-after: 2m }
                  templates: { store: prompts, expiry: 0, max-text-size: 64KB }
                """, null);
        SettingsSection sessions = s.section("sessions");
        assertThat(sessions.text("store")).contains("user_sessions");
        assertThat(sessions.duration("expiry")).contains(Duration.ofDays(7));
        assertThat(sessions.duration("max-age")).contains(Duration.ofDays(30));
        assertThat(sessions.duration("activity-interval")).contains(Duration.ofMinutes(5));
        assertThat(sessions.duration("count-interval")).contains(Duration.ZERO);
        assertThat(s.section("tasks").duration("stall-after")).contains(Duration.ofMinutes(2));
        assertThat(s.section("templates").size("max-text-size")).contains(DataSize.ofBytes(64 * 1024));
        assertThat(s.section("templates").duration("expiry")).contains(Duration.ZERO);
    }

    @Test
    void whatTheFileLeavesOutIsLeftToTheCapabilitysDefaults() {
        LarderSettings s = Yaml.parse("larder: { sessions: { expiry: 1d } }", null);
        assertThat(s.section("sessions").keys()).containsExactly("expiry");
        assertThat(s.section("tasks").keys()).isEmpty();
    }

    @Test
    void aProfileChangesOneSettingOfASection() {
        LarderSettings s = Yaml.parse("""
                larder:
                  sessions: { expiry: 7d, max-age: 30d }
                environments:
                  testing: { larder: { sessions: { expiry: 1h } } }
                """, "testing");
        assertThat(s.section("sessions").duration("expiry")).contains(Duration.ofHours(1));
        assertThat(s.section("sessions").duration("max-age")).contains(Duration.ofDays(30));
    }

    @Test
    void everyMistakeInTheSectionsIsReportedAtOnceWithItsPlaceAndTheClosestKey() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  sessions:
                    expiry: 0
                    max-ages: 30d
                    store: "bad name"
                  tasks:
                    stall-after: soon
                  templates:
                    store: a-name-so-long-that-its-versions-store-would-not-fit-at-all
                    max-text-size: 0B
                """, null));
        assertThat(e.problems()).containsExactly(
                "larder.sessions.expiry at f.yaml:3:13: expected a positive duration, got '0'",
                "larder.sessions.max-ages at f.yaml:4:5: unknown key 'max-ages'; did you mean 'max-age'?",
                "larder.sessions.store at f.yaml:5:12: store name 'bad name' must be 1-64 letters, digits, '_', '.' or '-',"
                        + " starting with a letter or digit",
                "larder.tasks.stall-after at f.yaml:7:18: expected a duration such as 100ms, 30s, 2m, 1h, 7d or PT30S,"
                        + " got 'soon'",
                "larder.templates.store at f.yaml:9:12: store name"
                        + " 'a-name-so-long-that-its-versions-store-would-not-fit-at-all-versions' must be 1-64 letters,"
                        + " digits, '_', '.' or '-', starting with a letter or digit (the name also makes"
                        + " 'a-name-so-long-that-its-versions-store-would-not-fit-at-all-versions' and"
                        + " 'a-name-so-long-that-its-versions-store-would-not-fit-at-all-defaults')",
                "larder.templates.max-text-size at f.yaml:10:20: expected a size of at least 1B, got '0B'");
    }

    @Test
    void theRoomsAndPresenceSectionsAreReadTypedAndTheirStoreNamesChecked() {
        LarderSettings s = Yaml.parse("""
                larder:
                  rooms: { store: chatrooms, keep-newest: 500, max-age: 3d, activity-interval: 0 }
                  presence: { expiry: 10m, activity-interval: 30s, seen-for: 0, count-interval: 5s }
                """, null);
        assertThat(s.section("rooms").text("store")).contains("chatrooms");
        assertThat(s.section("rooms").number("keep-newest")).contains(500L);
        assertThat(s.section("rooms").duration("max-age")).contains(Duration.ofDays(3));
        assertThat(s.section("rooms").duration("activity-interval")).contains(Duration.ZERO);
        assertThat(s.section("presence").duration("expiry")).contains(Duration.ofMinutes(10));
        assertThat(s.section("presence").duration("seen-for")).contains(Duration.ZERO);

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  rooms: { keep-newest: 0, store: a-base-name-long-enough-that-its-message-counts-do-not-fit }
                  presence: { expiry: 0 }
                """, null));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.problems().get(0)).isEqualTo("larder.rooms.keep-newest at f.yaml:2:25: expected an integer of at least 1, got '0'");
        assertThat(e.problems().get(1)).startsWith("larder.rooms.store at f.yaml:2:35:")
                .contains("(the name also makes 'a-base-name-long-enough-that-its-message-counts-do-not-fit-members'");
        assertThat(e.problems().get(2)).startsWith("larder.presence.expiry at f.yaml:3:23:");
    }

    @Test
    void theWiredLarderHandsEachCapabilityItsSection() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backend: { type: memory }
                  tasks: { stall-after: 2m }
                """, null);
        try (Larder larder = LarderYaml.open(s)) {
            assertThat(larder.section("tasks").duration("stall-after")).contains(Duration.ofMinutes(2));
            assertThat(larder.section("sessions").keys()).isEmpty();
        }
    }
}
