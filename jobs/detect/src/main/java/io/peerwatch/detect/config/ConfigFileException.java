package io.peerwatch.detect.config;

/** A configuration or pattern file is broken; the message names the file and the (1-based) line. */
public final class ConfigFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public ConfigFileException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public ConfigFileException(String file, int line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public String file() { return file; }

    /** 1-based line, or 0 when the problem concerns the whole file. */
    public int line() { return line; }
}
