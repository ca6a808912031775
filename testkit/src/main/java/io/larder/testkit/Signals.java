package io.larder.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sends a POSIX signal to a process with {@code kill}, as an operator or a supervisor would. Stateless. */
final class Signals {

    private Signals() {
    }

    /** Sends {@code SIG<name>} ({@code STOP}, {@code CONT}) to {@code process} and waits until {@code kill} has. */
    static void send(Process process, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0) {
                throw new TestkitException("kill -" + name + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new TestkitException("cannot run kill -" + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted while sending SIG" + name + " to pid " + process.pid(), e);
        }
    }
}
