package dev.chorus.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.signaling.e2e.net.NetNamespace;
import dev.chorus.signaling.e2e.net.Shell;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * One headless Debian Chromium driven through Debian's chromedriver (Selenium Manager is never used: both
 * executables are given explicitly). Fake camera/microphone, media permission auto-granted, autoplay allowed,
 * a fresh profile directory per instance (deleted on {@link #close()}).
 *
 * <p>{@link #inNamespace} starts one whose network is a {@link NetNamespace} (same API, same switches).
 *
 * <p>Paths can be overridden with {@code -Dchorus.chromium=...} and {@code -Dchorus.chromedriver=...};
 * {@code -Dchorus.skipBrowserTests=true} skips every browser test.
 */
public final class ChromiumBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of(System.getProperty("chorus.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("chorus.chromedriver", "/usr/bin/chromedriver"));
    public static final String SKIP_PROPERTY = "chorus.skipBrowserTests";

    /** The Chromium switches every instance gets (plus a window size and its own --user-data-dir). */
    public static final List<String> ARGUMENTS = List.of(
            "--headless=new",
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--autoplay-policy=no-user-gesture-required",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows");

    /** Small on purpose: less to paint on a small machine, still a readable screenshot. */
    public static final String WINDOW_SIZE = "--window-size=800,600";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String STATS_SCRIPT = """
            const done = arguments[arguments.length - 1];
            if (!window.chorus || typeof window.chorus.stats !== 'function') {
              done(JSON.stringify({ notReady: true }));
              return;
            }
            window.chorus.stats().then(
              (s) => done(JSON.stringify(s)),
              (e) => done(JSON.stringify({ error: String(e && e.stack || e) })));
            """;

    static {
        // Selenium warns that it has no CDP bindings for this Chromium version; we do not use CDP.
        Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(Level.SEVERE);
        Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver").setLevel(Level.SEVERE);
    }

    private final String label;
    private final Path profileDir;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    /** Set for {@link #inNamespace} browsers. */
    private NetNamespace namespace;
    private ProcessHandle browserProcess;
    private boolean closed;

    private ChromiumBrowser(String label, Path profileDir, ChromeDriverService service, ChromeDriver driver) {
        this.label = label;
        this.profileDir = profileDir;
        this.service = service;
        this.driver = driver;
    }

    /**
     * Call first in every browser test (e.g. in {@code @BeforeAll}): skips when {@code chorus.skipBrowserTests=true},
     * fails with an install hint when Chromium or chromedriver is missing.
     */
    public static void requireInstalled() {
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY),
                "browser tests skipped (-D" + SKIP_PROPERTY + "=true)");
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(CHROMIUM)) missing.add(CHROMIUM.toString());
        if (!Files.isExecutable(CHROMEDRIVER)) missing.add(CHROMEDRIVER.toString());
        if (!missing.isEmpty()) {
            Assertions.fail("Browser end-to-end tests need Chromium and chromedriver, missing: " + missing
                    + ". Install them with: sudo apt-get install chromium chromium-driver"
                    + " (or run with -D" + SKIP_PROPERTY + "=true to skip browser tests).");
        }
    }

    /** Starts a browser; {@code label} names it in messages and screenshots. */
    public static ChromiumBrowser launch(String label) throws IOException {
        return launch(label, List.of());
    }

    /** Starts a browser on the host with {@link #ARGUMENTS} plus {@code extraArguments}. */
    public static ChromiumBrowser launch(String label, List<String> extraArguments) throws IOException {
        return start(label, null, extraArguments);
    }

    /**
     * Starts a browser whose Chromium runs inside the network namespace {@code ns} (its only network is the veth to
     * {@link NetNamespace#hostAddress()}), driven exactly like {@link #launch}: chromedriver runs on the host and
     * starts Chromium through a wrapper script {@code ip netns exec <ns> chromium "$@"} as the binary, talking to it
     * over {@code --remote-debugging-pipe} (inherited file descriptors) instead of a DevTools TCP port, which would
     * be unreachable from the host. Same {@link #ARGUMENTS}, fresh profile. {@link #close()} also kills whatever is
     * left of the browser's process tree.
     *
     * <p>A page from {@code http://<hostAddress>:<port>} is not a secure context, so getUserMedia needs
     * {@link #treatAsSecure(String)} for that origin among {@code extraArguments}.
     */
    public static ChromiumBrowser inNamespace(NetNamespace ns, String label, List<String> extraArguments)
            throws IOException {
        return start(label, ns, extraArguments);
    }

    /**
     * Runs the launches in parallel (Chromium start-up dominates an end-to-end test's time on a small machine) and
     * returns the browsers in the launches' order; if any fails, closes the others and throws the first failure.
     */
    public static List<ChromiumBrowser> launchAll(List<Callable<ChromiumBrowser>> launches)
            throws Exception {
        List<ChromiumBrowser> browsers = new ArrayList<>();
        Exception failure = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<ChromiumBrowser> f : pool.invokeAll(launches)) {
                try {
                    browsers.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) failure = e.getCause() instanceof Exception c ? c : e;
                }
            }
        }
        if (failure != null) {
            browsers.forEach(ChromiumBrowser::close);
            throw failure;
        }
        return browsers;
    }

    /** The switch that makes Chromium treat {@code origin} (e.g. {@code http://10.213.0.1:8080}) as secure. */
    public static String treatAsSecure(String origin) {
        return "--unsafely-treat-insecure-origin-as-secure=" + origin;
    }

    private static ChromiumBrowser start(String label, NetNamespace ns, List<String> extraArguments) throws IOException {
        requireInstalled();
        Path profile = Files.createTempDirectory("chorus-chromium-" + label.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        Path userDataDir = profile;
        Path binary = CHROMIUM;
        if (ns != null) {
            // profile/ holds the wrapper and the real profile; both go away with it.
            userDataDir = Files.createDirectory(profile.resolve("profile"));
            binary = namespaceWrapper(profile.resolve("chromium-in-" + ns.name()), ns);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
        options.addArguments(ARGUMENTS);
        // a window size among the extra arguments replaces the default one
        if (extraArguments.stream().noneMatch(a -> a.startsWith("--window-size="))) options.addArguments(WINDOW_SIZE);
        options.addArguments("--user-data-dir=" + userDataDir);
        options.addArguments(extraArguments);
        if (ns != null) options.addArguments("--remote-debugging-pipe");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);

        // Chromium keeps its singleton socket and scoped dirs under TMPDIR (/tmp/org.chromium.Chromium.*) and
        // leaves them behind when it is stopped: inside the profile they go with it.
        Path tmp = Files.createDirectory(profile.resolve("tmp"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", tmp.toString()))
                .withLogOutput(java.io.OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteRecursively(profile);
            throw e;
        }
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        ChromiumBrowser b = new ChromiumBrowser(label, profile, service, driver);
        b.namespace = ns;
        if (ns != null) b.browserProcess = browserProcess(driver);
        return b;
    }

    /** {@code #!/bin/sh exec ip netns exec <ns> chromium "$@"}: keeps the pid and the pipe descriptors 3 and 4. */
    private static Path namespaceWrapper(Path file, NetNamespace ns) throws IOException {
        String ip = Shell.which("ip").map(Path::toString).orElseThrow(() -> new IOException("`ip` not found"));
        Files.writeString(file, "#!/bin/sh\n# Chromium inside network namespace " + ns.name() + " (ChromiumBrowser)\n"
                + "exec " + shellQuote(ip) + " netns exec " + shellQuote(ns.name()) + " " + shellQuote(CHROMIUM.toString())
                + " \"$@\"\n");
        if (!file.toFile().setExecutable(true, true)) throw new IOException("cannot make " + file + " executable");
        return file;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The Chromium main process chromedriver started (capability goog:processID), if reported. */
    private static ProcessHandle browserProcess(ChromeDriver driver) {
        Object pid = driver.getCapabilities().getCapability("goog:processID");
        if (pid instanceof Number n) return ProcessHandle.of(n.longValue()).orElse(null);
        return null;
    }

    public String label() { return label; }

    /** The network namespace Chromium runs in, or null for a browser on the host. */
    public NetNamespace namespace() { return namespace; }

    public ChromeDriver driver() { return driver; }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * Opens the web app at {@code url} and makes sure it started ({@code window.chorus} installed within
     * {@code within}); if not, loads it once more. For tests that create network namespaces while a
     * browser on the host loads the app: Chrome aborts in-flight requests with ERR_NETWORK_CHANGED when
     * an interface appears, and a module that failed to load stops the whole app (seen in CI: the
     * publisher never joined). A second failure is left to the caller's own wait.
     */
    public void openApp(String url, Duration within) {
        driver.get(url);
        try {
            Poll.until(label + ": app started", within, Poll.DEFAULT_INTERVAL, this::stats, java.util.Objects::nonNull,
                    String::valueOf);
        } catch (AssertionError notStarted) {
            System.out.println(label + ": the app did not start within " + within.toSeconds()
                    + " s (a module load aborted?), loading it once more");
            driver.get(url);
        }
    }

    /**
     * Runs {@code script} in every page this browser opens from now on, before the page's own scripts
     * (e.g. to replace the camera with a test pattern). Uses chromedriver's CDP passthrough.
     */
    public void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", script));
    }

    /**
     * Emulates a viewport of exactly {@code width}×{@code height} CSS pixels at device pixel ratio 1 (screenshots
     * then have that size); {@code mobile} also emulates a phone (touch-style scrollbars, mobile viewport rules).
     */
    public void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Makes the page see {@code prefers-color-scheme: dark} (or light), as if the system theme were that. */
    public void colorScheme(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", java.util.Map.of("features",
                List.of(java.util.Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    public WebElement byTestId(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    public void click(String testId) {
        byTestId(testId).click();
    }

    public Object execute(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Raw JSON of {@code window.chorus.stats()} ({@code {"notReady":true}} before the page script ran). */
    public JsonNode statsJson() {
        Object raw = ((JavascriptExecutor) driver).executeAsyncScript(STATS_SCRIPT);
        try {
            JsonNode n = JSON.readTree(String.valueOf(raw));
            if (n.has("error")) throw new IllegalStateException(label + ": window.chorus.stats() failed: " + n.get("error").asText());
            return n;
        } catch (IOException e) {
            throw new IllegalStateException(label + ": window.chorus.stats() returned no JSON: " + raw, e);
        }
    }

    /** {@code window.chorus.stats()}, or {@code null} while the page has not installed it yet. */
    public ClientStats stats() {
        JsonNode n = statsJson();
        return n.has("notReady") ? null : ClientStats.fromJson(n);
    }

    /** Polls {@link #stats()} until {@code condition} holds; fails after {@code timeout}. */
    public ClientStats awaitStats(String what, Duration timeout, Predicate<ClientStats> condition) {
        return Poll.until(label + ": " + what, timeout, Poll.DEFAULT_INTERVAL, this::stats,
                s -> s != null && condition.test(s), String::valueOf);
    }

    /** Waits until the page has joined its room; returns the participant id. */
    public String awaitJoined(Duration timeout) {
        return awaitStats("joined the room", timeout, ClientStats::joined).participantId();
    }

    /** Writes a PNG of the viewport; never throws (a screenshot is a courtesy). */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(file, png);
        } catch (Exception e) {
            System.err.println(label + ": screenshot failed: " + e);
        }
    }

    /** The browser console so far (drained), one line per entry; empty if unavailable. */
    public List<String> consoleLog() {
        List<String> lines = new ArrayList<>();
        try {
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                lines.add(e.getLevel() + " " + e.getMessage());
            }
        } catch (Exception e) {
            lines.add("(console log unavailable: " + e + ")");
        }
        return lines;
    }

    public void printConsoleLog() {
        List<String> lines = consoleLog();
        System.err.println("---- browser console of " + label + " (" + lines.size() + " entries) ----");
        lines.forEach(l -> System.err.println("  " + l));
    }

    public boolean isClosed() { return closed; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // Chromium's helpers get reparented when its main process exits: remember the whole tree first.
        List<ProcessHandle> tree = new ArrayList<>();
        if (browserProcess != null) {
            tree.add(browserProcess);
            browserProcess.descendants().forEach(tree::add);
        }
        try {
            driver.quit();
        } catch (Exception e) {
            System.err.println(label + ": quitting chromium failed: " + e);
        } finally {
            try {
                service.stop();
            } catch (Exception ignored) {
                // already stopped by quit()
            }
            killTree(tree);
            deleteRecursively(profileDir);
        }
    }

    /** Waits up to 3 s for the processes to exit by themselves, then SIGKILLs the rest. */
    private void killTree(List<ProcessHandle> tree) {
        if (tree.isEmpty()) return;
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (tree.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Poll.sleep(50);
        }
        List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            System.err.println(label + ": killing " + left.size() + " leftover chromium processes");
            left.forEach(ProcessHandle::destroyForcibly);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
