package io.peerwatch.detect.pattern.condition;

import io.peerwatch.schema.Signal;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A field of a {@link Signal} a condition reads: a named record field ({@code kind}, {@code count}, ...) or an
 * attribute ({@code attr.<name>}). Text and number views; a missing value is null.
 */
public final class FieldRef implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ATTRIBUTE_PREFIX = "attr.";

    enum Field { KIND, PROTO, REMOTE_IP, VM_KEY, COUNT, BYTES_OUT, BYTES_IN, WEIGHT, LOCAL_PORT, REMOTE_PORT, ATTRIBUTE }

    private static final Map<String, Field> NAMES = Map.of("kind", Field.KIND, "proto", Field.PROTO, "remoteIp", Field.REMOTE_IP,
            "vmKey", Field.VM_KEY, "count", Field.COUNT, "bytesOut", Field.BYTES_OUT, "bytesIn", Field.BYTES_IN,
            "weight", Field.WEIGHT, "localPort", Field.LOCAL_PORT, "remotePort", Field.REMOTE_PORT);

    private final Field field;
    private final String attribute;

    private FieldRef(Field field, String attribute) {
        this.field = field;
        this.attribute = attribute;
    }

    /** Parses a key of a pattern file's {@code where} map; throws IllegalArgumentException for unknown names. */
    public static FieldRef parse(String name) {
        if (name.startsWith(ATTRIBUTE_PREFIX) && name.length() > ATTRIBUTE_PREFIX.length()) {
            return new FieldRef(Field.ATTRIBUTE, name.substring(ATTRIBUTE_PREFIX.length()));
        }
        Field f = NAMES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown signal field '" + name + "' (known: " + String.join(", ",
                    new java.util.TreeSet<>(NAMES.keySet())) + ", attr.<name>)");
        }
        return new FieldRef(f, null);
    }

    public boolean isNumeric() {
        return switch (field) {
            case COUNT, BYTES_OUT, BYTES_IN, WEIGHT, LOCAL_PORT, REMOTE_PORT -> true;
            default -> false;
        };
    }

    public boolean isKind() { return field == Field.KIND; }

    public boolean isAttribute() { return field == Field.ATTRIBUTE; }

    public String text(Signal s) {
        return switch (field) {
            case KIND -> s.getKind();
            case PROTO -> s.getProto() == null ? null : s.getProto().toLowerCase(Locale.ROOT);
            case REMOTE_IP -> s.getRemoteIp();
            case VM_KEY -> s.getVmKey();
            case ATTRIBUTE -> s.getAttributes() == null ? null : s.getAttributes().get(attribute);
            default -> formatNumber(number(s));
        };
    }

    /** Number view; attributes are parsed, and an attribute that is not a number counts as missing. */
    public Double number(Signal s) {
        return switch (field) {
            case COUNT -> (double) s.getCount();
            case BYTES_OUT -> (double) s.getBytesOut();
            case BYTES_IN -> (double) s.getBytesIn();
            case WEIGHT -> s.getWeight();
            case LOCAL_PORT -> (double) s.getLocalPort();
            case REMOTE_PORT -> (double) s.getRemotePort();
            default -> parseOrNull(text(s));
        };
    }

    private static Double parseOrNull(String t) {
        if (t == null) return null;
        try {
            return Double.parseDouble(t.strip());
        } catch (NumberFormatException e) {
            return null; // a text attribute compared as a number simply does not satisfy the comparison
        }
    }

    private static String formatNumber(Double d) {
        if (d == null) return null;
        return d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString();
    }

    @Override
    public String toString() { return field == Field.ATTRIBUTE ? ATTRIBUTE_PREFIX + attribute : field.name().toLowerCase(Locale.ROOT); }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldRef f && f.field == field && Objects.equals(f.attribute, attribute);
    }

    @Override
    public int hashCode() { return Objects.hash(field, attribute); }
}
