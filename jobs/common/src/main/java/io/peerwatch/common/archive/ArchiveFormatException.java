package io.peerwatch.common.archive;

/** An archive file that is not what the archive writer produces: corrupt, truncated or altered. */
public class ArchiveFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArchiveFormatException(String message) {
        super(message);
    }

    public ArchiveFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
