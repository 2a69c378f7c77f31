package dev.chorus.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.sfu.MediaServer;
import dev.chorus.signaling.config.ServerConfig;
import org.junit.jupiter.api.Test;

class BweModelsTest {
    private static final ServerConfig BASE = new ServerConfig("127.0.0.1", 0, -1, null, null, "data", 0, null, null,
            262144, 1, true, null, 30, 30);

    @Test
    void gccByDefaultLearnedWithTheShippedModelAndFallbackWhenMissing() throws Exception {
        try (MediaServer media = new MediaServer("127.0.0.1", 0, null, 1)) {
            assertEquals("gcc", BASE.bweModel());
            assertEquals("gcc", BweModels.apply(BASE, media));
            assertEquals("learned", BweModels.apply(BASE.withBweModel("learned", null), media));
            assertEquals("gcc", BweModels.apply(BASE.withBweModel("learned", "/nonexistent/model.bin"), media));
        }
    }

    @Test
    void theConfiguredFreezeFeedbackReachesEveryReceiversPolicy() throws Exception {
        var on = new dev.chorus.media.quality.FreezeFeedback.Settings(1.0, 60, 1.0, 15);
        try (MediaServer media = new MediaServer("127.0.0.1", 0, null, 1)) {
            BweModels.apply(BASE.withBweModel("learned", null).withFreezeFeedback(on), media);
            var t = media.createRouter("r").createTransport("p", (x, st) -> { });
            assertEquals("silent", t.stats().get(10, java.util.concurrent.TimeUnit.SECONDS).ratePolicy().freezeFeedback(),
                    "on, waiting for the receiver's first report");
            t.onRenderReport(0);
            assertEquals("clear", t.stats().get(10, java.util.concurrent.TimeUnit.SECONDS).ratePolicy().freezeFeedback());
        }
        try (MediaServer media = new MediaServer("127.0.0.1", 0, null, 1)) {
            BweModels.apply(BASE.withBweModel("learned", null), media);
            var t = media.createRouter("r").createTransport("p", (x, st) -> { });
            assertEquals("off", t.stats().get(10, java.util.concurrent.TimeUnit.SECONDS).ratePolicy().freezeFeedback());
        }
    }

    @Test
    void unknownModelIsAConfigError() {
        assertThrows(IllegalArgumentException.class, () -> BASE.withBweModel("psychic", null));
    }
}
