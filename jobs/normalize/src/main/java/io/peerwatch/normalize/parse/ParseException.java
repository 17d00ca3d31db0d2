package io.peerwatch.normalize.parse;

/** A record that cannot be normalized; {@link #errorClass()} is what dead letters are grouped by. */
public class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Error classes used across parsers; parsers may add more specific ones. */
    public static final String MALFORMED = "MalformedRecord";
    public static final String MISSING_FIELD = "MissingField";
    public static final String INVALID_ADDRESS = "InvalidAddress";
    public static final String INVALID_NUMBER = "InvalidNumber";
    public static final String INVALID_TIMESTAMP = "InvalidTimestamp";
    public static final String OVERSIZED = "OversizedRecord";
    public static final String INVALID_UTF8 = "InvalidUtf8";
    public static final String CONTROL_CHARACTERS = "ControlCharacters";
    public static final String UNSUPPORTED = "UnsupportedRecord";

    private final String errorClass;

    public ParseException(String errorClass, String message) {
        super(message);
        this.errorClass = errorClass;
    }

    public ParseException(String errorClass, String message, Throwable cause) {
        super(message, cause);
        this.errorClass = errorClass;
    }

    public String errorClass() { return errorClass; }
}
