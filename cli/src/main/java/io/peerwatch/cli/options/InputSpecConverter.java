package io.peerwatch.cli.options;

import io.peerwatch.common.io.InputSpec;
import picocli.CommandLine;

/**
 * {@code --input FORMAT=PATH}: an unknown FORMAT or a missing/unreadable PATH is a usage error (exit 2) whose
 * message names the known formats or the path.
 */
public final class InputSpecConverter implements CommandLine.ITypeConverter<InputSpec> {
    @Override
    public InputSpec convert(String value) {
        try {
            return InputSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
