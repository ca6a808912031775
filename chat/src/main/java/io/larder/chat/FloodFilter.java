package io.larder.chat;

import org.jspecify.annotations.Nullable;

/** See {@link MessageFilter#collapseFloods}. Keeps the current run only: constant memory. Not thread-safe. */
final class FloodFilter implements MessageFilter {
    private final int keep;
    private final long windowMillis;
    private @Nullable ChatMessage first;
    private int run;

    FloodFilter(int keep, long windowMillis) {
        this.keep = keep;
        this.windowMillis = windowMillis;
    }

    @Override
    public boolean keep(ChatMessage m) {
        if (first != null && first.senderId().equals(m.senderId()) && first.content().equals(m.content())
                && sameMedia(first, m) && m.timestamp() - first.timestamp() <= windowMillis) {
            run++;
            return run <= keep;
        }
        first = m;
        run = 1;
        return true;
    }

    /** Media by kind and file name: a re-sent picture keeps its name, its download URL may not. */
    private static boolean sameMedia(ChatMessage a, ChatMessage b) {
        if (a.attachments().size() != b.attachments().size()) {
            return false;
        }
        for (int i = 0; i < a.attachments().size(); i++) {
            ChatMessage.Attachment x = a.attachments().get(i);
            ChatMessage.Attachment y = b.attachments().get(i);
            if (x.kind() != y.kind() || !x.name().equals(y.name())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "flood";
    }

    @Override
    public MessageFilter fresh() {
        return new FloodFilter(keep, windowMillis);
    }
}
