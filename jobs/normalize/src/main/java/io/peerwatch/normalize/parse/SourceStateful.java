package io.peerwatch.normalize.parse;

import java.util.Map;

/**
 * A parser whose per-source state (a header line that gives the meaning of the records after it) must survive a
 * job restart: the normalize operator snapshots it in Flink operator state on every checkpoint and gives it
 * back after a restore, so records read after a restart in the middle of a file or partition still parse.
 * Keep it small (headers, not buffered records).
 */
public interface SourceStateful {
    /** Source key → the state of that source, as text. */
    Map<String, String> snapshotSources();

    /** Restores what {@link #snapshotSources()} returned (possibly merged from several subtasks). */
    void restoreSources(Map<String, String> state);
}
