package io.peerwatch.normalize.parsers.hostlog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerwatch.normalize.parse.ParseException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON reading for the JSON-shaped formats of this package, with limits for hostile input (nesting depth,
 * string and number lengths), duplicate keys rejected (two different values for one field is an attack or a
 * broken exporter, never something to guess about) and trailing garbage rejected.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64).maxNumberLength(64).maxStringLength(4 << 20).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** Parses a JSON value; {@code what} names the record kind in the error. */
    public static JsonNode parse(String text, String what) throws ParseException {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || n.isMissingNode()) throw new ParseException(ParseException.MALFORMED, what + " is empty");
            return n;
        } catch (JsonProcessingException e) {
            throw new ParseException(ParseException.MALFORMED,
                    "invalid JSON in " + what + ": " + RecordText.bounded(e.getOriginalMessage(), 200), e);
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson reports some absurd numbers (exponents beyond BigDecimal's range) this way
            throw new ParseException(ParseException.MALFORMED, "invalid number in " + what, e);
        }
    }

    public static JsonNode parseObject(String text, String what) throws ParseException {
        JsonNode n = parse(text, what);
        if (!n.isObject()) throw new ParseException(ParseException.MALFORMED, what + " is not a JSON object");
        return n;
    }

    /** Field of an object, null when absent or JSON null. */
    public static JsonNode field(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) return null;
        JsonNode v = obj.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** Field looked up without regard to case (vCenter exports use camelCase or PowerShell's PascalCase). */
    public static JsonNode fieldIgnoreCase(JsonNode obj, String name) {
        if (obj == null || !obj.isObject()) return null;
        JsonNode exact = obj.get(name);
        if (exact != null) return exact.isNull() ? null : exact;
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue().isNull() ? null : e.getValue();
        }
        return null;
    }

    /**
     * A scalar as text (numbers and booleans as their JSON text), null when absent, JSON null or empty.
     * @throws ParseException when the value is an object or array
     */
    public static String text(JsonNode v, String what) throws ParseException {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isContainerNode()) throw new ParseException(ParseException.MALFORMED, what + " must be a scalar");
        String s = v.isTextual() ? v.textValue() : v.asText();
        return s.isEmpty() ? null : s;
    }

    /** A required non-empty scalar. */
    public static String requiredText(JsonNode v, String what) throws ParseException {
        String s = text(v, what);
        if (s == null) throw new ParseException(ParseException.MISSING_FIELD, what + " is missing");
        return s;
    }

    /** A non-negative integer given as JSON number or decimal text, null when absent. */
    public static Long nonNegativeLong(JsonNode v, String what, long max) throws ParseException {
        if (v == null || v.isNull()) return null;
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.longValue();
        } else if (v.isTextual() && !v.textValue().isEmpty() && v.textValue().length() <= 18 && allDigits(v.textValue())) {
            value = Long.parseLong(v.textValue());
        } else if (v.isTextual() && v.textValue().isEmpty()) {
            return null;
        } else {
            throw new ParseException(ParseException.INVALID_NUMBER, what + " is not a non-negative integer: '"
                    + RecordText.bounded(v.toString(), 40) + "'");
        }
        if (value < 0 || value > max) throw new ParseException(ParseException.INVALID_NUMBER, what + " " + value + " is out of range");
        return value;
    }

    /** A timestamp as ISO 8601 text, epoch-number text or JSON number (see {@link Times#epochNumber}). */
    public static long time(JsonNode v, String what) throws ParseException {
        if (v == null || v.isNull()) throw new ParseException(ParseException.MISSING_FIELD, what + " is missing");
        if (v.isNumber()) {
            if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
                throw new ParseException(ParseException.INVALID_TIMESTAMP, what + " is not a finite number");
            }
            return Times.epochNumber(v.decimalValue(), what);
        }
        if (!v.isTextual()) throw new ParseException(ParseException.INVALID_TIMESTAMP, what + " is not a timestamp");
        String s = v.textValue().trim();
        if (!s.isEmpty() && s.length() <= 24 && isDecimal(s)) return Times.epochNumber(new BigDecimal(s), what);
        return Times.iso(s, what, false);
    }

    static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static boolean isDecimal(String s) {
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') dots++;
            else if (c < '0' || c > '9') return false;
        }
        return dots <= 1 && s.charAt(0) != '.' && s.charAt(s.length() - 1) != '.';
    }
}
