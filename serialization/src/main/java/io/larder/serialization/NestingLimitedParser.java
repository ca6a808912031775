package io.larder.serialization;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that refuses containers nested deeper than the stream read constraints allow
 * (1000 by default). Jackson's JSON parser checks this itself; msgpack's does not, and a few
 * kilobytes of nested maps would otherwise end a decode in a {@link StackOverflowError}.
 * Every {@code next...} method of {@link JsonParser} comes through {@link #nextToken()} or
 * {@link #nextValue()}, so checking there sees every container opened. Not thread-safe, as any parser.
 */
final class NestingLimitedParser extends JsonParserDelegate {

    NestingLimitedParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return checked(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        return checked(delegate.nextValue());
    }

    private JsonToken checked(JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            streamReadConstraints().validateNestingDepth(delegate.getParsingContext().getNestingDepth());
        }
        return token;
    }
}
