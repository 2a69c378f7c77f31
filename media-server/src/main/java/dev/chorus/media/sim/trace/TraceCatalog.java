package dev.chorus.media.sim.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every trace under a directory, recursively (following symbolic links), in any of the formats, sorted
 * by relative path (so runs are reproducible). Hidden files and documentation are left out; files that do not look like a
 * trace are listed as skipped, with the reason, rather than failing the whole scan.
 */
public final class TraceCatalog {
    /** A file that looks like a trace; {@code name} is its path relative to the scanned directory. */
    public record Found(Path path, String name, TraceFormat format) {
    }

    public record Skipped(Path path, String name, String reason) {
    }

    public record Scan(List<Found> traces, List<Skipped> skipped) {
    }

    private TraceCatalog() {
    }

    /**
     * Several directories as one catalog, each trace named relative to its own directory; two traces with
     * one name would be indistinguishable in trace lists and reports, so that is refused.
     */
    public static Scan scanAll(List<Path> dirs) throws IOException {
        List<Scan> scans = new ArrayList<>();
        for (Path dir : dirs) {
            scans.add(scan(dir));
        }
        return merge(dirs, scans);
    }

    /** {@code scans[i]} of {@code dirs[i]} as one catalog, refusing a name found under two directories. */
    public static Scan merge(List<Path> dirs, List<Scan> scans) throws IOException {
        List<Found> found = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        java.util.Map<String, Path> seen = new java.util.HashMap<>();
        for (int i = 0; i < scans.size(); i++) {
            for (Found f : scans.get(i).traces()) {
                Path before = seen.putIfAbsent(f.name(), dirs.get(i));
                if (before != null) {
                    throw new IOException("trace " + f.name() + " is under both " + before + " and " + dirs.get(i));
                }
                found.add(f);
            }
            skipped.addAll(scans.get(i).skipped());
        }
        return new Scan(List.copyOf(found), List.copyOf(skipped));
    }

    public static Scan scan(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Found> found = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            String file = f.getFileName().toString();
            String lower = file.toLowerCase(Locale.ROOT);
            if (hidden(dir.relativize(f)) || lower.endsWith(".md") || lower.startsWith("readme")
                    || lower.startsWith("license")) {
                skipped.add(new Skipped(f, name, "documentation or hidden"));
                continue;
            }
            Optional<TraceFormat> format = TraceReader.detect(f);
            if (format.isEmpty()) {
                skipped.add(new Skipped(f, name, "not a recognised trace format"));
            } else {
                found.add(new Found(f, name, format.get()));
            }
        }
        return new Scan(List.copyOf(found), List.copyOf(skipped));
    }

    private static boolean hidden(Path relative) {
        for (Path p : relative) {
            if (p.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
