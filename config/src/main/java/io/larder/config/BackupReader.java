package io.larder.config;

import static io.larder.config.BackendReader.or;

import java.nio.file.Path;

/** Reads {@code larder.backup} into {@link BackupSettings}; keys left out take {@link BackupSettings#off()}'s. Stateless. */
final class BackupReader {
    private BackupReader() {
    }

    static BackupSettings read(Section s) {
        BackupSettings d = BackupSettings.off();
        Path path = or(s.file("path"), d.path());
        return new BackupSettings(or(s.bool("enabled"), d.enabled()), or(s.duration("interval", false), d.interval()), path,
                or(s.integer("keep", 1, Integer.MAX_VALUE), d.keep()));
    }
}
