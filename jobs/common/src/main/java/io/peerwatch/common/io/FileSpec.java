package io.peerwatch.common.io;

/** One file to read with its FORMAT: the unit of work a bounded file job distributes over subtasks. */
public class FileSpec implements java.io.Serializable {
    public String format;
    public String path;

    public FileSpec() {}

    public FileSpec(String format, String path) {
        this.format = format;
        this.path = path;
    }

    @Override
    public String toString() { return format + "=" + path; }
}
