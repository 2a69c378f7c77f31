package dev.chorus.media.sim.trace;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads any of the three trace formats into a {@link CapacityTrace}, detecting which by content. */
public final class TraceReader {
    /** The largest real trace is ~3.4 MB; a file far beyond that is not one. */
    static final long MAX_FILE_BYTES = 64L << 20;

    private TraceReader() {
    }

    /** Reads and parses {@code file}, named by its file name; throws if it is not a trace or malformed. */
    public static CapacityTrace read(Path file) throws IOException {
        return read(file, file.getFileName().toString());
    }

    public static CapacityTrace read(Path file, String name) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw TraceFormatException.in(name, "file of " + size + " bytes is too large for a trace");
        }
        String content = decode(name, Files.readAllBytes(file));
        return parse(name, file.getFileName().toString(), content);
    }

    /** Parses {@code content} of a file called {@code fileName}, detecting the format. */
    public static CapacityTrace parse(String name, String fileName, String content) throws TraceFormatException {
        Optional<TraceFormat> format = TraceFormat.detect(fileName, content);
        if (format.isEmpty()) {
            throw TraceFormatException.in(name, "not a recognised trace format (Pensieve 'time_s Mbit/s', "
                    + "gym JSON, or mahimahi one integer per line)");
        }
        return parse(name, content, format.get());
    }

    public static CapacityTrace parse(String name, String content, TraceFormat format) throws TraceFormatException {
        return switch (format) {
            case PENSIEVE -> PensieveTraceParser.parse(name, content);
            case GYM -> GymTraceParser.parse(name, content);
            case MAHIMAHI -> MahimahiTraceParser.parse(name, content);
        };
    }

    /** Whether {@code file}'s name and content look like a trace at all (a README does not). */
    public static Optional<TraceFormat> detect(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        return TraceFormat.detect(file.getFileName().toString(), text);
    }

    private static String decode(String name, byte[] bytes) throws TraceFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw TraceFormatException.in(name, "not UTF-8 text");
        }
    }
}
