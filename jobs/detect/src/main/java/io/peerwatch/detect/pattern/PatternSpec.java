package io.peerwatch.detect.pattern;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A detection pattern as read from one file of cep-patterns/ (schema: cep-patterns/README.md). Validated when
 * parsed; {@link PatternCompiler} turns it into a Flink CEP pattern.
 */
public record PatternSpec(String id, String version, String category, String severity, String title,
                          String description, long withinMillis, String afterMatch, double confidence,
                          List<StageSpec> stages, String sourceFile) implements Serializable {

    public static final String P2P = "p2p-filesharing";
    public static final String VOLUME = "abnormal-transfer-volume";
    public static final Set<String> CATEGORIES = Set.of(P2P, VOLUME);
    public static final List<String> SEVERITIES = List.of("INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL");

    public PatternSpec {
        stages = List.copyOf(stages);
    }
}
