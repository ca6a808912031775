/**
 * The {@code larder} command line: {@link io.larder.cli.LarderCommand} and its subcommands
 * (demo, import, query, export, prompt, stats, health, migrate, backup, restore). Only the root command is public;
 * subcommands, options and output helpers are package-private.
 *
 * <p>Everything in this package is non-null unless documented as nullable.
 */
@NullMarked
package io.larder.cli;

import org.jspecify.annotations.NullMarked;
