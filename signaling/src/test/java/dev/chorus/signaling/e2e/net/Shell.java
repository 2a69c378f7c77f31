package dev.chorus.signaling.e2e.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs short external commands ({@code ip}, {@code tc}, ...) with a deadline and captures their output. A failing
 * command is reported with its exit code and stderr ({@link CommandFailedException}); nothing goes through a shell.
 */
public final class Shell {
    private Shell() {}

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Where administration tools live on Debian/Ubuntu; {@code /usr/sbin} is often not on a test JVM's PATH. */
    private static final List<String> TOOL_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public boolean ok() { return exitCode == 0; }

        public List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A command that exited non-zero or did not finish in time. */
    public static final class CommandFailedException extends RuntimeException {
        private final transient Result result;

        CommandFailedException(String message, Result result) {
            super(message);
            this.result = result;
        }

        /** Null when the command timed out or could not be started. */
        public Result result() { return result; }
    }

    /** Absolute path of an executable from the tool directories or PATH, if any. */
    public static Optional<Path> which(String tool) {
        for (String dir : TOOL_DIRS) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, tool);
                if (Files.isExecutable(p)) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static String tool(String name) {
        return which(name).map(Path::toString)
                .orElseThrow(() -> new CommandFailedException(name + " not found (looked in " + TOOL_DIRS + " and PATH)", null));
    }

    /** Runs {@code cmd}; throws {@link CommandFailedException} (with stderr) unless it exits 0. */
    public static Result run(String... cmd) {
        Result r = runUnchecked(DEFAULT_TIMEOUT, cmd);
        if (!r.ok()) {
            throw new CommandFailedException("`" + String.join(" ", r.command()) + "` exited " + r.exitCode()
                    + ": " + describeOutput(r), r);
        }
        return r;
    }

    /** Runs {@code cmd} and returns whatever happened; throws only if it cannot be started or times out. */
    public static Result runUnchecked(Duration timeout, String... cmd) {
        List<String> command = List.of(cmd);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new CommandFailedException("could not start `" + String.join(" ", command) + "`: " + e.getMessage(), null);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new CommandFailedException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toMillis() + " ms; stderr: " + err.getNow("").strip(), null);
            }
            return new Result(command, p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new CommandFailedException("interrupted while running `" + String.join(" ", command) + "`", null);
        } catch (ExecutionException | TimeoutException e) {
            throw new CommandFailedException("could not read the output of `" + String.join(" ", command) + "`: " + e, null);
        }
    }

    static String describeOutput(Result r) {
        String err = r.stderr().strip();
        String out = r.stdout().strip();
        if (err.isEmpty() && out.isEmpty()) return "(no output)";
        return err.isEmpty() ? "stdout: " + out : err + (out.isEmpty() ? "" : " | stdout: " + out);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }
}
