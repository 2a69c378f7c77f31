package dev.chorus.signaling.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;

/** The browser client, served from the classpath ({@code web/} in the server jar), cached in memory. */
public final class StaticFiles {
    public record File(byte[] content, String contentType) {}

    private static final File MISSING = new File(new byte[0], "");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    private final Map<String, File> cache = new ConcurrentHashMap<>();

    /** Maps a request path to a file; null if there is none (or the path tries to escape). */
    public File lookup(String path) {
        if (path.equals("/") || path.startsWith("/r/")) {
            path = "/index.html";
        }
        if (path.equals("/admin") || path.equals("/admin/")) {
            path = "/admin.html";
        }
        if (path.contains("..") || path.contains("//") || path.contains("\\") || path.length() > 256) {
            return null;
        }
        String resource = "web" + path;
        File f = cache.get(resource);
        if (f == null) {
            f = load(resource);
            if (f == MISSING) {
                return null; // misses are not cached: arbitrary request paths must not grow the cache
            }
            cache.putIfAbsent(resource, f);
        }
        return f;
    }

    private static File load(String resource) {
        URL url = StaticFiles.class.getClassLoader().getResource(resource);
        if (url == null || resource.endsWith("/") || isDirectory(url)) {
            return MISSING; // a directory would otherwise be served as its listing (file:) or empty (jar:)
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            int dot = resource.lastIndexOf('.');
            String ext = dot < 0 ? "" : resource.substring(dot + 1);
            return new File(bytes, TYPES.getOrDefault(ext, "application/octet-stream"));
        } catch (IOException e) {
            return MISSING;
        }
    }

    private static boolean isDirectory(URL url) {
        try {
            if (url.getProtocol().equals("file")) {
                return Files.isDirectory(Path.of(url.toURI()));
            }
            URLConnection c = url.openConnection();
            if (c instanceof JarURLConnection jar) {
                JarEntry e = jar.getJarEntry();
                return e == null || e.isDirectory();
            }
            return false;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return true;
        }
    }
}
