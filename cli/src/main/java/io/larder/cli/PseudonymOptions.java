package io.larder.cli;

import io.larder.Secret;
import io.larder.chat.Pseudonymizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --pseudonymize}: user ids and names replaced by stable aliases keyed by a secret that is
 * read from an environment variable or a file, never from the command line (where {@code ps} and
 * shell history would show it), and never printed. A picocli mixin.
 */
final class PseudonymOptions {
    /** The variable read unless {@code --secret-env} names another. */
    static final String DEFAULT_VARIABLE = "LARDER_PSEUDONYM_SECRET";
    /** Shorter secrets can be found by trying keys: refuse them. */
    static final int MIN_SECRET_LENGTH = 16;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--pseudonymize", description = "replace user ids and names by aliases (HMAC-SHA256 under a secret)")
    private boolean enabled;

    @Option(names = "--secret-env", paramLabel = "VARIABLE", defaultValue = DEFAULT_VARIABLE,
            description = "environment variable holding the secret (default: ${DEFAULT-VALUE})")
    private @Nullable String variable;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "file holding the secret (instead of the variable)")
    private @Nullable Path file;

    /** The pseudonymizer when asked for; refuses a missing or short secret without ever showing it. */
    Optional<Pseudonymizer> pseudonymizer() {
        if (!enabled) {
            if (file != null) {
                throw new ParameterException(mixee.commandLine(), "--secret-file is only read with --pseudonymize");
            }
            return Optional.empty();
        }
        String secret;
        String from;
        if (file != null) {
            from = "secret file " + file;
            try {
                secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the " + from, e);
            }
        } else {
            from = "environment variable " + variable;
            secret = LarderCommand.environmentOf(mixee).apply(variable);
            if (secret == null || secret.isEmpty()) {
                throw new ParameterException(mixee.commandLine(), "--pseudonymize needs a secret: set " + variable
                        + " or give --secret-file FILE");
            }
        }
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new ParameterException(mixee.commandLine(), "the " + from + " holds a secret shorter than "
                    + MIN_SECRET_LENGTH + " characters: aliases under a short secret can be reversed by trying keys");
        }
        return Optional.of(Pseudonymizer.hmacSha256(Secret.of(secret)));
    }
}
