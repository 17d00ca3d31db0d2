package io.peerwatch.normalize.parsers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.peerwatch.common.RawRecord;
import io.peerwatch.normalize.parse.ParseException;
import java.io.IOException;

/**
 * The one Jackson factory of the flow parsers: streaming (no tree for the common path), with limits so hostile
 * input costs bounded work (nesting depth, number and string length). Source text is never copied into error
 * locations.
 */
final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(40)
                    .maxStringLength(2 * 1024 * 1024)
                    .maxNameLength(1024)
                    .build())
            .build();

    private Json() {}

    /** A parser positioned on the root START_OBJECT. */
    static JsonParser openObject(RawRecord raw) throws IOException, ParseException {
        JsonParser p = FACTORY.createParser(raw.bytes);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw new ParseException(ParseException.MALFORMED, "record is not a JSON object");
        }
        return p;
    }

    /** After the root object: anything but whitespace is a malformed record (two objects glued, garbage). */
    static void requireEnd(JsonParser p) throws IOException, ParseException {
        if (p.nextToken() != null) throw new ParseException(ParseException.MALFORMED, "trailing data after the JSON object");
    }

    static ParseException malformed(IOException e) {
        String m = e.getMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            if (nl > 0) m = m.substring(0, nl); // Jackson appends the source location on the next line
        }
        return new ParseException(ParseException.MALFORMED, "invalid JSON: " + Text.bounded(m, 200));
    }

    /**
     * The scalar at the current token as text (numbers in their exact written form, booleans as true/false),
     * null for JSON null; objects and arrays are skipped and give null.
     */
    static String scalarText(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) return null;
        switch (t) {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return p.getText();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case START_OBJECT:
            case START_ARRAY:
                p.skipChildren();
                return null;
            default:
                return null;
        }
    }
}
