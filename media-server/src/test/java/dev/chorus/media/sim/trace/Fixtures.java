package dev.chorus.media.sim.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The trace fixtures in {@code src/test/resources/traces} (see the README there). */
final class Fixtures {
    static final String[] FILES = {"norway-ferry-2011-02-01.log", "norway-trace_10367", "gym-loss-pattern-3.json",
            "gym-4g3mbps-excerpt.json", "gym-wired35-excerpt.json", "mahimahi-verizon-evdo-excerpt.down"};

    private Fixtures() {
    }

    static String text(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/traces/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CapacityTrace parse(String file) throws TraceFormatException {
        return TraceReader.parse(file, file, text(file));
    }
}
