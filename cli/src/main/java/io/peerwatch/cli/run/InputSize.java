package io.peerwatch.cli.run;

import io.peerwatch.common.io.InputSpec;
import io.peerwatch.common.io.RawFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Estimates how many bytes the inputs hold once decompressed, for the progress line's total. A gzip file
 * records its uncompressed size modulo 2^32 in its last four bytes; when that is implausible (over 4 GiB,
 * or several members) the compressed size times a typical log compression ratio is used.
 */
public final class InputSize {
    static final int TYPICAL_LOG_COMPRESSION_RATIO = 8;

    private InputSize() {}

    public static long uncompressedBytes(List<InputSpec> inputs) {
        long total = 0;
        for (InputSpec in : inputs) {
            for (Path f : RawFiles.list(in.path())) total += uncompressedBytes(f);
        }
        return total;
    }

    static long uncompressedBytes(Path file) {
        try {
            long size = Files.size(file);
            if (!file.getFileName().toString().endsWith(".gz") || size < 18) return size;
            long isize;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                raf.seek(size - 4);
                byte[] b = new byte[4];
                raf.readFully(b);
                isize = (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
            }
            return isize >= size ? isize : size * TYPICAL_LOG_COMPRESSION_RATIO;
        } catch (IOException e) {
            return 0; // only an estimate; the reader reports unreadable files itself
        }
    }
}
