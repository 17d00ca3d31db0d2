package io.peerwatch.detect.volume;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/** A daily time window in UTC on some weekdays; it may wrap midnight (22:00-04:00). */
public final class Schedule implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EnumSet<DayOfWeek> days;
    private final int fromMinute;
    private final int toMinute;

    public Schedule(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        if (from.equals(to)) throw new IllegalArgumentException("schedule window is empty: from == to");
        this.days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
        this.fromMinute = from.getHour() * 60 + from.getMinute();
        this.toMinute = to.getHour() * 60 + to.getMinute();
    }

    /** Whether the instant falls in the window; for a window that wraps midnight the start day decides. */
    public boolean covers(long epochMillis) {
        ZonedDateTime t = Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC);
        int minute = t.getHour() * 60 + t.getMinute();
        if (fromMinute < toMinute) return days.contains(t.getDayOfWeek()) && minute >= fromMinute && minute < toMinute;
        if (minute >= fromMinute) return days.contains(t.getDayOfWeek());
        return minute < toMinute && days.contains(t.getDayOfWeek().minus(1));
    }

    /** Whether any part of [start, end) falls in the window (checked per minute boundary, windows are minute-aligned). */
    public boolean overlaps(long startMillis, long endMillis) {
        for (long t = startMillis; t < endMillis; t += 60_000L) {
            if (covers(t)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return days + String.format(" %02d:%02d-%02d:%02d UTC", fromMinute / 60, fromMinute % 60, toMinute / 60, toMinute % 60);
    }
}
