package io.peerwatch.common.io;

import io.peerwatch.common.Formats;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code --input FORMAT=PATH} argument: a known FORMAT and an existing, readable file or directory. */
public record InputSpec(String format, Path path) implements java.io.Serializable {

    public InputSpec {
        Formats.require(format);
        if (!Files.exists(path)) throw new IllegalArgumentException("input path does not exist: " + path);
        if (!Files.isReadable(path)) throw new IllegalArgumentException("input path is not readable: " + path);
    }

    /** Parses "FORMAT=PATH". */
    public static InputSpec parse(String arg) {
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw new IllegalArgumentException("--input expects FORMAT=PATH, got '" + arg + "'");
        }
        return new InputSpec(arg.substring(0, eq).trim(), Path.of(arg.substring(eq + 1).trim()));
    }
}
