package io.peerwatch.detect.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A read-only view of a composed YAML node that remembers its file and line, so every validation error can say
 * where it is. Only plain data is accepted (maps, lists, scalars; no tags, bounded size).
 */
public final class YamlNode {
    public static final int MAX_FILE_CHARS = 256 * 1024;

    private final String file;
    private final Node node;

    private YamlNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /** Parses one YAML document; syntax errors become a {@link ConfigFileException} with the line. */
    public static YamlNode parse(String file, String text) {
        if (text.length() > MAX_FILE_CHARS) {
            throw new ConfigFileException(file, 0, "file is larger than " + MAX_FILE_CHARS + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(MAX_FILE_CHARS);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        try {
            Node root = yaml.compose(new StringReader(text));
            if (root == null) throw new ConfigFileException(file, 1, "file is empty");
            return new YamlNode(file, root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigFileException(file, line, "YAML syntax: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigFileException(file, 0, "YAML: " + e.getMessage(), e);
        }
    }

    public String file() { return file; }

    public int line() { return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1; }

    public ConfigFileException error(String problem) {
        return new ConfigFileException(file, line(), problem);
    }

    public boolean isMap() { return node instanceof MappingNode; }

    public boolean isList() { return node instanceof SequenceNode; }

    public boolean isScalar() { return node instanceof ScalarNode; }

    /** Entries of a map in file order; keys must be scalars. */
    public Map<String, YamlNode> asMap(String what) {
        if (!(node instanceof MappingNode m)) throw error(what + " must be a map");
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) throw new YamlNode(file, t.getKeyNode()).error("keys of " + what + " must be plain names");
            if (out.put(k.getValue(), new YamlNode(file, t.getValueNode())) != null) {
                throw new YamlNode(file, k).error("duplicate key '" + k.getValue() + "' in " + what);
            }
        }
        return out;
    }

    /** A map whose keys must all be among {@code allowed}; an unknown key is an error on its own line. */
    public Map<String, YamlNode> asMap(String what, Set<String> allowed) {
        Map<String, YamlNode> m = asMap(what);
        if (node instanceof MappingNode mn) {
            for (NodeTuple t : mn.getValue()) {
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                if (!allowed.contains(k)) {
                    throw new YamlNode(file, t.getKeyNode()).error("unknown key '" + k + "' in " + what + " (allowed: "
                            + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
        }
        return m;
    }

    public List<YamlNode> asList(String what) {
        if (!(node instanceof SequenceNode s)) throw error(what + " must be a list");
        List<YamlNode> out = new ArrayList<>();
        for (Node n : s.getValue()) out.add(new YamlNode(file, n));
        return out;
    }

    /** A scalar's text; a list or map here is an error. */
    public String asText(String what) {
        if (!(node instanceof ScalarNode s)) throw error(what + " must be a single value, not a " + (isList() ? "list" : "map"));
        return s.getValue();
    }

    /** A scalar or a list of scalars, as a list. */
    public List<String> asTextList(String what) {
        if (isScalar()) return List.of(asText(what));
        List<String> out = new ArrayList<>();
        for (YamlNode n : asList(what)) out.add(n.asText("each item of " + what));
        if (out.isEmpty()) throw error(what + " must not be empty");
        return out;
    }

    public double asNumber(String what) {
        String t = asText(what);
        try {
            return ByteSizes.parse(t);
        } catch (IllegalArgumentException e) {
            throw error(what + ": " + e.getMessage());
        }
    }

    public boolean asBoolean(String what) {
        String t = asText(what);
        return switch (t) {
            case "true", "yes" -> true;
            case "false", "no" -> false;
            default -> throw error(what + " must be true or false, got '" + t + "'");
        };
    }

    public java.time.Duration asDuration(String what) {
        String t = asText(what);
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw error(what + ": " + e.getMessage());
        }
    }

    /** Required entry of a map. */
    public static YamlNode require(YamlNode parent, Map<String, YamlNode> map, String key, String what) {
        YamlNode n = map.get(key);
        if (n == null) throw parent.error(what + " needs '" + key + "'");
        return n;
    }
}
