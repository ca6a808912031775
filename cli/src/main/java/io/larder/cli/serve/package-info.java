/**
 * {@code larder serve}: OneBot v11's HTTP POST and reverse WebSocket on Jetty's core handlers,
 * each event acknowledged only once it is stored. {@link io.larder.cli.serve.OneBotServer} is the
 * entry point the command uses; the handlers are package-private.
 */
@NullMarked
package io.larder.cli.serve;

import org.jspecify.annotations.NullMarked;
