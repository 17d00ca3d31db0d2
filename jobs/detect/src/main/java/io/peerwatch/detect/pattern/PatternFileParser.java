package io.peerwatch.detect.pattern;

import io.peerwatch.detect.config.ConfigFileException;
import io.peerwatch.detect.config.YamlNode;
import io.peerwatch.detect.pattern.condition.AllOf;
import io.peerwatch.detect.pattern.condition.AnyOf;
import io.peerwatch.detect.pattern.condition.FieldRef;
import io.peerwatch.detect.pattern.condition.NumberCompare;
import io.peerwatch.detect.pattern.condition.Presence;
import io.peerwatch.detect.pattern.condition.SignalPredicate;
import io.peerwatch.detect.pattern.condition.TextMatch;
import io.peerwatch.detect.signal.SignalKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates one pattern file (schema in cep-patterns/README.md). Every problem is a
 * {@link ConfigFileException} naming the file and the line of the offending key or value.
 */
public final class PatternFileParser {
    static final Set<String> TOP_KEYS = Set.of("id", "version", "category", "severity", "title", "description",
            "within", "afterMatch", "confidence", "stages");
    static final Set<String> STAGE_KEYS = Set.of("name", "follows", "times", "optional", "where", "anyOf");
    static final Set<String> OPS = Set.of("eq", "ne", "in", "notIn", "gt", "gte", "lt", "lte", "exists");
    static final Duration MAX_WITHIN = Duration.ofDays(7);

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z][A-Za-z0-9_-]{0,62}");
    private static final Pattern TIMES = Pattern.compile("(\\d+)(\\+|\\.\\.(\\d+))?");

    private PatternFileParser() {}

    public static PatternSpec parse(String file, String text) {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> top = root.asMap("a pattern file", TOP_KEYS);
        YamlNode idNode = YamlNode.require(root, top, "id", "a pattern");
        String id = idNode.asText("id");
        if (!ID.matcher(id).matches()) throw idNode.error("id '" + id + "' must be lower-case letters, digits and '-' (2..63 chars)");
        String version = YamlNode.require(root, top, "version", "a pattern").asText("version");
        if (version.isBlank()) throw top.get("version").error("version must not be blank");

        YamlNode catNode = YamlNode.require(root, top, "category", "a pattern");
        String category = catNode.asText("category");
        if (!PatternSpec.CATEGORIES.contains(category)) {
            throw catNode.error("category must be one of " + new TreeSet<>(PatternSpec.CATEGORIES) + ", got '" + category + "'");
        }
        YamlNode sevNode = YamlNode.require(root, top, "severity", "a pattern");
        String severity = sevNode.asText("severity").toUpperCase(Locale.ROOT);
        if (!PatternSpec.SEVERITIES.contains(severity)) {
            throw sevNode.error("severity must be one of " + PatternSpec.SEVERITIES + ", got '" + sevNode.asText("severity") + "'");
        }
        String title = top.containsKey("title") ? top.get("title").asText("title") : id;
        String description = top.containsKey("description") ? top.get("description").asText("description") : "";

        YamlNode withinNode = YamlNode.require(root, top, "within", "a pattern");
        Duration within = withinNode.asDuration("within");
        if (within.isZero() || within.isNegative() || within.compareTo(MAX_WITHIN) > 0) {
            throw withinNode.error("within must be > 0 and <= " + MAX_WITHIN.toDays() + "d (it bounds partial matches), got " + within);
        }
        YamlNode confNode = YamlNode.require(root, top, "confidence", "a pattern");
        double confidence = confNode.asNumber("confidence");
        if (!(confidence > 0 && confidence <= 1)) throw confNode.error("confidence must be in (0, 1], got " + confidence);

        YamlNode stagesNode = YamlNode.require(root, top, "stages", "a pattern");
        List<YamlNode> stageNodes = stagesNode.asList("stages");
        if (stageNodes.isEmpty()) throw stagesNode.error("stages must not be empty");
        if (stageNodes.size() > 8) throw stagesNode.error("at most 8 stages (partial matches grow with each), got " + stageNodes.size());
        List<StageSpec> stages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < stageNodes.size(); i++) {
            StageSpec s = parseStage(stageNodes.get(i), i == 0);
            if (!names.add(s.name())) throw stageNodes.get(i).error("duplicate stage name '" + s.name() + "'");
            stages.add(s);
        }
        if (stages.stream().allMatch(s -> s.optional() || s.negated())) {
            throw stagesNode.error("at least one stage must be required (not optional, not negated)");
        }
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).negated() && stages.get(i - 1).optional()) {
                throw stageNodes.get(i).error("a negated stage cannot follow an optional stage");
            }
            if (stages.get(i).negated() && stages.get(i - 1).negated()) {
                throw stageNodes.get(i).error("two negated stages in a row are not supported");
            }
        }

        if (stages.get(stages.size() - 1).contiguity() == StageSpec.Contiguity.NOT_NEXT) {
            // it would complete on a signal that is not part of the match, at a time the detection cannot state;
            // 'follows: not' completes when the window has passed, a time known from the match itself
            throw stageNodes.get(stages.size() - 1).error("a pattern cannot end with a not-next stage: use 'follows: not' (checked until 'within' has passed)");
        }

        String afterMatch = "skip-past-last-event";
        if (top.containsKey("afterMatch")) {
            YamlNode am = top.get("afterMatch");
            afterMatch = am.asText("afterMatch");
            validateAfterMatch(am, afterMatch, names);
        }
        return new PatternSpec(id, version, category, severity, title, description, within.toMillis(), afterMatch,
                confidence, stages, file);
    }

    private static void validateAfterMatch(YamlNode node, String value, Set<String> stageNames) {
        switch (value) {
            case "no-skip", "skip-to-next", "skip-past-last-event" -> { return; }
            default -> { }
        }
        int colon = value.indexOf(':');
        String kind = colon < 0 ? value : value.substring(0, colon);
        if ((kind.equals("skip-to-first") || kind.equals("skip-to-last")) && colon > 0) {
            String stage = value.substring(colon + 1);
            if (!stageNames.contains(stage)) throw node.error("afterMatch names unknown stage '" + stage + "'");
            return;
        }
        throw node.error("afterMatch must be no-skip, skip-to-next, skip-past-last-event, skip-to-first:<stage> or"
                + " skip-to-last:<stage>, got '" + value + "'");
    }

    private static StageSpec parseStage(YamlNode node, boolean first) {
        Map<String, YamlNode> m = node.asMap("a stage", STAGE_KEYS);
        YamlNode nameNode = YamlNode.require(node, m, "name", "a stage");
        String name = nameNode.asText("stage name");
        if (!STAGE_NAME.matcher(name).matches()) throw nameNode.error("stage name '" + name + "' must start with a letter (letters, digits, _ -)");

        StageSpec.Contiguity contiguity = StageSpec.Contiguity.RELAXED;
        if (m.containsKey("follows")) {
            YamlNode f = m.get("follows");
            if (first) throw f.error("the first stage follows nothing: remove 'follows'");
            String v = f.asText("follows");
            contiguity = switch (v) {
                case "strict" -> StageSpec.Contiguity.STRICT;
                case "relaxed" -> StageSpec.Contiguity.RELAXED;
                case "any" -> StageSpec.Contiguity.ANY;
                case "not" -> StageSpec.Contiguity.NOT_FOLLOWED;
                case "not-next" -> StageSpec.Contiguity.NOT_NEXT;
                default -> throw f.error("follows must be strict, relaxed, any, not or not-next, got '" + v + "'");
            };
        }
        int min = 1;
        int max = 1;
        if (m.containsKey("times")) {
            YamlNode t = m.get("times");
            Matcher tm = TIMES.matcher(t.asText("times").strip());
            if (!tm.matches()) throw t.error("times must be N, N+ or N..M, got '" + t.asText("times") + "'");
            min = Integer.parseInt(tm.group(1));
            max = tm.group(2) == null ? min : tm.group(2).equals("+") ? -1 : Integer.parseInt(tm.group(3));
            if (min < 1 || min > 100 || (max != -1 && (max < min || max > 100))) {
                throw t.error("times must satisfy 1 <= N <= M <= 100, got '" + t.asText("times") + "'");
            }
        }
        boolean optional = m.containsKey("optional") && m.get("optional").asBoolean("optional");
        if (optional && first) throw m.get("optional").error("the first stage cannot be optional");
        boolean negated = contiguity == StageSpec.Contiguity.NOT_FOLLOWED || contiguity == StageSpec.Contiguity.NOT_NEXT;
        if (negated && (optional || m.containsKey("times"))) {
            throw node.error("a negated stage (follows: not / not-next) cannot be optional or repeated");
        }

        boolean hasWhere = m.containsKey("where");
        boolean hasAny = m.containsKey("anyOf");
        if (hasWhere == hasAny) throw node.error("stage '" + name + "' needs exactly one of 'where' or 'anyOf'");
        SignalPredicate condition;
        String text;
        if (hasWhere) {
            condition = parseWhere(m.get("where"));
            text = condition.toString();
        } else {
            List<SignalPredicate> alternatives = new ArrayList<>();
            for (YamlNode alt : m.get("anyOf").asList("anyOf")) alternatives.add(parseWhere(alt));
            if (alternatives.isEmpty()) throw m.get("anyOf").error("anyOf must not be empty");
            condition = new AnyOf(alternatives);
            text = condition.toString();
        }
        return new StageSpec(name, contiguity, min, max, optional, condition, text);
    }

    /** A {@code where} map: every key is a signal field, every value a condition on it (see README). */
    static AllOf parseWhere(YamlNode node) {
        Map<String, YamlNode> m = node.asMap("where");
        if (m.isEmpty()) throw node.error("where must not be empty");
        if (!m.containsKey("kind")) throw node.error("where must constrain 'kind' (the signal kinds this stage accepts)");
        List<SignalPredicate> all = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : m.entrySet()) {
            FieldRef field;
            try {
                field = FieldRef.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw e.getValue().error(ex.getMessage());
            }
            all.addAll(parseFieldCondition(field, e.getValue()));
        }
        return new AllOf(all);
    }

    private static List<SignalPredicate> parseFieldCondition(FieldRef field, YamlNode value) {
        List<SignalPredicate> out = new ArrayList<>();
        if (value.isScalar() || value.isList()) {
            out.add(textOrNumber(field, "eq", value));
            return out;
        }
        Map<String, YamlNode> ops = value.asMap("the condition on " + field, OPS);
        if (ops.isEmpty()) throw value.error("empty condition on " + field);
        for (Map.Entry<String, YamlNode> op : ops.entrySet()) {
            out.add(textOrNumber(field, op.getKey(), op.getValue()));
        }
        return out;
    }

    private static SignalPredicate textOrNumber(FieldRef field, String op, YamlNode value) {
        String what = field + " " + op;
        switch (op) {
            case "exists":
                return new Presence(field, value.asBoolean(what));
            case "gt", "gte", "lt", "lte": {
                if (field.isKind()) throw value.error("kind is text: use eq/in/ne/notIn");
                return new NumberCompare(field, NumberCompare.Op.valueOf(op.toUpperCase(Locale.ROOT)), value.asNumber(what));
            }
            default:
                break;
        }
        boolean negated = op.equals("ne") || op.equals("notIn");
        if (value.isList() && (op.equals("eq") || op.equals("ne"))) op = negated ? "notIn" : "in";
        if ((op.equals("eq") || op.equals("ne")) && !value.isScalar()) throw value.error(what + " needs a single value");
        List<String> values = value.asTextList(what);
        if (field.isKind()) {
            for (String k : values) {
                if (!SignalKinds.ALL.contains(k)) {
                    throw value.error("unknown signal kind '" + k + "' (known: " + new TreeSet<>(SignalKinds.ALL) + ")");
                }
            }
        }
        if (field.isNumeric() && values.size() == 1) {
            NumberCompare.Op nop = negated ? NumberCompare.Op.NE : NumberCompare.Op.EQ;
            return new NumberCompare(field, nop, value.asNumber(what));
        }
        if (field.isNumeric()) {
            // a list of numbers: compare their canonical text forms
            Set<String> canon = new LinkedHashSet<>();
            for (YamlNode n : value.asList(what)) {
                double d = n.asNumber(what);
                canon.add(d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d));
            }
            return new TextMatch(field, canon, negated);
        }
        return new TextMatch(field, new LinkedHashSet<>(values), negated);
    }

}
