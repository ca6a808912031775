package io.larder.spi;

import io.larder.HostPort;
import io.larder.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One mapping of the configuration ({@code larder.backend}, or a section under it) as an adapter reads its own
 * settings from it: the {@code config} module implements it over its file, so an adapter types its keys without
 * depending on the file's format. Each reader returns {@code null} when the key is absent or its value is wrong;
 * a wrong value is already reported with its key path, position and what was expected, so the adapter takes
 * its default and reading goes on: every problem of a file is reported at once. A secret's value is never
 * quoted. Not thread-safe.
 */
public interface SettingsSource {

    /** Whether {@code key} is given a value other than null. */
    boolean has(String key);

    /** The mapping under {@code key}; absent reads as empty, a value that is not a mapping is reported. */
    SettingsSource section(String key);

    /** Text, possibly empty. */
    @Nullable String text(String key);

    /** Text that must not be blank (a host); {@code expected} says what it names. */
    @Nullable String word(String key, String expected);

    /** A secret. */
    @Nullable Secret secret(String key);

    /** A whole number from {@code min} to {@code max}. */
    @Nullable Integer integer(String key, int min, int max);

    /** {@code true} or {@code false}, nothing else. */
    @Nullable Boolean bool(String key);

    /** A positive duration ({@code 30s}); zero too when {@code zeroAllowed}. */
    @Nullable Duration duration(String key, boolean zeroAllowed);

    /** One of an enum's constants, spelled in lower case with '-' ({@code replica-preferred}). */
    <E extends Enum<E>> @Nullable E choice(String key, Class<E> type);

    /** A list of {@code host:port} addresses. */
    @Nullable List<HostPort> addresses(String key);

    /** A file path; empty text is no path. */
    @Nullable Path file(String key);

    /** Reports a problem about {@code key}, at its value, or at this section when it is absent. */
    void problem(String key, String what);

    /** Reports {@code key} as missing, at the setting that chose the adapter ({@code larder.backend.type}). */
    void missing(String key, String what);
}
