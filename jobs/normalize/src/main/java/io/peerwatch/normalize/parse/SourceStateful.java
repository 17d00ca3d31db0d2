package io.peerwatch.normalize.parse;

import java.util.Map;

/**
 * A parser whose per-source state (a header line that gives the meaning of the records after it, an auditd
 * event whose first lines were read) must survive a job restart: the normalize operator snapshots it in Flink
 * union operator state on every checkpoint and gives it back after a restore, so records read after a restart
 * in the middle of a file or partition still parse. Keep it small and bounded (headers; records held back only
 * within the parser's limits).
 *
 * <p>Union state gives EVERY subtask the state of ALL subtasks after a restore. Header state can simply be kept
 * everywhere; state that leads to output (held-back records) must be acted on by one subtask only, which is what
 * {@link #instance} is for.
 */
public interface SourceStateful {
    /** Source key → the state of that source, as text. */
    Map<String, String> snapshotSources();

    /** Restores what {@link #snapshotSources()} returned (possibly merged from several subtasks). */
    void restoreSources(Map<String, String> state);

    /**
     * Which of the operator's parallel instances this parser serves ({@code index} of {@code count}, from 0),
     * given before {@link #restoreSources} and before any record; 0 of 1 when never called (tools, tests).
     * Parsers whose snapshots must be taken over by exactly one subtask tag them with it. Default: unused.
     */
    default void instance(int index, int count) {}
}
