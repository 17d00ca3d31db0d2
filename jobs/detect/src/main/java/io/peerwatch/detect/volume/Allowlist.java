package io.peerwatch.detect.volume;

import io.peerwatch.detect.config.ConfigFileException;
import io.peerwatch.detect.config.YamlNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Expected transfers for the volume baseline (backup targets, maintenance windows), read from YAML (format in
 * jobs/detect/README.md). The packaged default ({@value #PACKAGED}) is empty: sites list their own.
 */
public final class Allowlist implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String PACKAGED = "io/peerwatch/detect/allowlist-default.yaml";

    private static final Set<String> TOP = Set.of("entries");
    private static final Set<String> ENTRY = Set.of("name", "reason", "vms", "destinations", "ports", "schedule", "suppress");
    private static final Set<String> SCHEDULE = Set.of("days", "from", "to");

    private final List<AllowlistEntry> entries;

    public Allowlist(List<AllowlistEntry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Allowlist empty() { return new Allowlist(List.of()); }

    public List<AllowlistEntry> entries() { return entries; }

    public static Allowlist load(Path file) {
        try {
            if (Files.size(file) > YamlNode.MAX_FILE_CHARS) throw new ConfigFileException(file.toString(), 0, "file too large");
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigFileException(file.toString(), 0, "cannot read: " + e.getMessage(), e);
        }
    }

    public static Allowlist loadPackaged() {
        try (InputStream in = Allowlist.class.getClassLoader().getResourceAsStream(PACKAGED)) {
            if (in == null) throw new IllegalStateException("packaged allowlist " + PACKAGED + " missing");
            return parse("classpath:" + PACKAGED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read packaged allowlist", e);
        }
    }

    public static Allowlist parse(String file, String text) {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> top = root.asMap("an allowlist file", TOP);
        if (!top.containsKey("entries") || top.get("entries").isScalar() && top.get("entries").asText("entries").isEmpty()) {
            return empty();
        }
        List<AllowlistEntry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode n : top.get("entries").asList("entries")) {
            AllowlistEntry e = entry(n);
            if (!names.add(e.name())) throw n.error("duplicate allowlist entry name '" + e.name() + "'");
            out.add(e);
        }
        return new Allowlist(out);
    }

    private static AllowlistEntry entry(YamlNode n) {
        Map<String, YamlNode> m = n.asMap("an allowlist entry", ENTRY);
        String name = YamlNode.require(n, m, "name", "an allowlist entry").asText("name");
        String reason = YamlNode.require(n, m, "reason", "an allowlist entry").asText("reason");
        List<String> vms = m.containsKey("vms") ? m.get("vms").asTextList("vms") : List.of();
        List<Cidr> dests = new ArrayList<>();
        if (m.containsKey("destinations")) {
            for (YamlNode d : m.get("destinations").asList("destinations")) {
                try {
                    dests.add(Cidr.parse(d.asText("a destination")));
                } catch (IllegalArgumentException e) {
                    throw d.error(e.getMessage());
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        if (m.containsKey("ports")) {
            for (YamlNode p : m.get("ports").asList("ports")) {
                double v = p.asNumber("a port");
                if (v < 1 || v > 65535 || v != Math.rint(v)) throw p.error("port must be 1..65535");
                ports.add((int) v);
            }
        }
        Schedule schedule = m.containsKey("schedule") ? schedule(m.get("schedule")) : null;
        boolean suppress = !m.containsKey("suppress") || m.get("suppress").asBoolean("suppress");
        if (vms.isEmpty() && dests.isEmpty() && schedule == null) {
            throw n.error("allowlist entry '" + name + "' would allow everything: give vms, destinations or a schedule");
        }
        return new AllowlistEntry(name, reason, vms, dests, ports, schedule, suppress);
    }

    private static Schedule schedule(YamlNode n) {
        Map<String, YamlNode> m = n.asMap("a schedule", SCHEDULE);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (m.containsKey("days")) {
            for (String d : m.get("days").asTextList("days")) days.add(day(m.get("days"), d));
        }
        LocalTime from = time(YamlNode.require(n, m, "from", "a schedule"));
        LocalTime to = time(YamlNode.require(n, m, "to", "a schedule"));
        try {
            return new Schedule(days, from, to);
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static DayOfWeek day(YamlNode n, String d) {
        String k = d.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            String full = w.name().toLowerCase(Locale.ROOT);
            if (full.equals(k) || full.substring(0, 3).equals(k)) return w;
        }
        throw n.error("unknown day '" + d + "' (mon..sun)");
    }

    private static LocalTime time(YamlNode n) {
        String t = n.asText("a time");
        try {
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeParseException e) {
            throw n.error("time must be HH:MM (UTC), got '" + t + "'");
        }
    }
}
