package dev.chorus.media.sim.trace;

import java.io.IOException;

/** A trace file that is not what its format says: names the file and, where it helps, the line or entry. */
public final class TraceFormatException extends IOException {
    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code name}:{@code line}: {@code message}" (line 1-based). */
    static TraceFormatException atLine(String name, int line, String message) {
        return new TraceFormatException(name + ":" + line + ": " + message);
    }

    static TraceFormatException in(String name, String message) {
        return new TraceFormatException(name + ": " + message);
    }
}
