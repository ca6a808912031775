package io.larder.cli;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/**
 * A JDK WebSocket listener that hands on whole text frames, however the JDK split them, one at a
 * time: the part every test client of {@code larder serve} shares. Not thread-safe; the JDK calls
 * a listener from one thread at a time.
 */
public abstract class TextFrames implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    /** One whole text frame, in the order received. */
    protected abstract void frame(String text);

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            frame(text);
        }
        ws.request(1);
        return null;
    }
}
