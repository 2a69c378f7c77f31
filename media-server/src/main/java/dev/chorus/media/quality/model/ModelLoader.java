package dev.chorus.media.quality.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the link-quality model at start: a file if configured, else the one shipped in media-server's
 * resources. Never throws: a missing or invalid model means the server keeps the GCC-style estimate,
 * and says so once in the log with the reason (a silent fallback would look like a bad model).
 */
public final class ModelLoader {
    /** The shipped model; the name carries the file format and telemetry schema it was built for. */
    public static final String SHIPPED_RESOURCE = "/dev/chorus/media/quality/model/bwe-model-f2-s1-r3.bin";
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    /** Either a model or why not. */
    public record Result(Optional<LinkModel> model, String source, String problem) {
        public boolean loaded() {
            return model.isPresent();
        }
    }

    private ModelLoader() {
    }

    public static Result shipped() {
        return fromResource(SHIPPED_RESOURCE);
    }

    public static Result fromResource(String resource) {
        try (InputStream in = ModelLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return fallback("classpath:" + resource, "not found");
            }
            return ok("classpath:" + resource, ModelFile.read(in));
        } catch (IOException | RuntimeException e) {
            return fallback("classpath:" + resource, e.getMessage());
        }
    }

    public static Result fromFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return fallback(path.toString(), "not found");
        }
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
            return ok(path.toString(), ModelFile.read(in));
        } catch (IOException | RuntimeException e) {
            return fallback(path.toString(), e.getMessage());
        }
    }

    private static Result ok(String source, LinkModel m) {
        LOG.info("link-quality model loaded from {}: {} trained {} (held-out MAPE {}, low-quantile model {})", source,
                m.header().kind(), m.header().trainedAt(), m.header().metrics().get("mape"),
                m.hasLow() ? "MAPE " + m.header().metrics().get("low_mape") : "none");
        return new Result(Optional.of(m), source, null);
    }

    private static Result fallback(String source, String problem) {
        LOG.warn("link-quality model unavailable ({}: {}); falling back to the GCC estimate", source, problem);
        return new Result(Optional.empty(), source, problem);
    }
}
