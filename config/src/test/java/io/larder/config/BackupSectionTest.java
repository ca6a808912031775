package io.larder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.larder.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code larder.backup}: scheduled backups, typed and checked with the rest of the file. */
class BackupSectionTest {

    @Test
    void aFileWithoutTheSectionHasScheduledBackupsOff() {
        assertThat(Yaml.parse("larder: { backend: { type: memory } }", null).backup()).isEqualTo(BackupSettings.off());
    }

    @Test
    void theSectionIsReadAndAProfileMayChangeIt() {
        LarderSettings s = Yaml.parse("""
                larder:
                  backup: { enabled: true, interval: 6h, path: /var/backups/larder, keep: 3 }
                environments:
                  production: { larder: { backup: { interval: 1h } } }
                """, "production");

        assertThat(s.backup()).isEqualTo(new BackupSettings(true, Duration.ofHours(1), Path.of("/var/backups/larder"), 3));
    }

    @Test
    void wrongValuesAreReportedWithTheRestAndTheSeedsKeysAreToldTheirNewNames() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Yaml.parse("""
                larder:
                  backup: { enabled: yes, interval: 0, keep: 0 }
                  backup_interval_hours: 6
                """, null));

        assertThat(e.problems()).containsExactly(
                "larder.backup.enabled at f.yaml:2:22: expected true or false, got 'yes'",
                "larder.backup.interval at f.yaml:2:37: expected a positive duration, got '0'",
                "larder.backup.keep at f.yaml:2:46: expected an integer of at least 1, got '0'",
                "larder.backup_interval_hours at f.yaml:3:3: unknown key 'backup_interval_hours': the old configuration's name;"
                        + " use larder.backup.interval (a duration: 6h)");
    }
}
