package io.larder.cli;

import io.larder.Larder;
import io.larder.config.LarderSettings;
import io.larder.config.LarderYaml;

/**
 * A Larder opened for one command: closed when the command ends, and also when the process is
 * interrupted (Ctrl-C), so a memory backend still writes its snapshot of the work done so far and
 * a Redis backend releases its connections. Not thread-safe; one per command.
 */
final class Session implements AutoCloseable {
    private final Larder larder;
    private final Thread onExit;

    private Session(Larder larder) {
        this.larder = larder;
        this.onExit = new Thread(larder::close, "larder-close-on-exit");
    }

    /** Opens the Larder {@code settings} describe. */
    static Session open(LarderSettings settings) {
        Session s = new Session(LarderYaml.open(settings));
        Runtime.getRuntime().addShutdownHook(s.onExit);
        return s;
    }

    Larder larder() {
        return larder;
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it closes the Larder, and closing twice is harmless
        }
        larder.close();
    }
}
