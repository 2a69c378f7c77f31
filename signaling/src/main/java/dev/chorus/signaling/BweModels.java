package dev.chorus.signaling;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelLoader;
import dev.chorus.media.sfu.MediaServer;
import dev.chorus.signaling.config.ServerConfig;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config {@code bwe.model}: with {@code learned}, loads the model once at start and gives every new
 * receiver link its own {@link LearnedRatePolicy}; if the model is missing or invalid the server stays
 * on the GCC estimate (ModelLoader has logged why) and says so here too.
 */
final class BweModels {
    private static final Logger LOG = LoggerFactory.getLogger(BweModels.class);

    private BweModels() {
    }

    /** @return the policy in force: {@code gcc} or {@code learned} */
    static String apply(ServerConfig config, MediaServer media) {
        if (!"learned".equals(config.bweModel())) {
            return "gcc";
        }
        ModelLoader.Result r = config.bweModelFile() == null ? ModelLoader.shipped()
                : ModelLoader.fromFile(Path.of(config.bweModelFile()));
        if (r.model().isEmpty()) {
            LOG.warn("bwe.model=learned but no usable model ({}): receivers use the GCC estimate", r.problem());
            return "gcc";
        }
        LinkModel model = r.model().get();
        var feedback = config.freezeFeedback();
        media.setRatePolicies(() -> new LearnedRatePolicy(model, null, LearnedRatePolicy.Settings.DEFAULTS, feedback));
        LOG.info("bwe.model=learned: receiver budgets from {} ({}); freeze feedback {}", r.source(),
                model.header().kind(), feedback.enabled() ? feedback : "off");
        return "learned";
    }
}
