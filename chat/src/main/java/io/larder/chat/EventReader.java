package io.larder.chat;

/**
 * Reads one OneBot event's JSON text into what the archive does with it, turning every way the
 * text can be wrong into an {@link EventRefusedException}. Stateless, thread-safe.
 */
final class EventReader {
    private EventReader() {
    }

    static OneBotEvents.Event read(String text) {
        try {
            return OneBotEvents.map(Json.parseObject(text));
        } catch (Json.JsonException e) {
            throw new EventRefusedException(null, "malformed JSON: " + e.getMessage());
        } catch (EventRefusedException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a malformed event, or a value ChatMessage refuses (an empty id)
            throw EventRefusedException.of(e.getMessage());
        }
    }
}
