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
    void unknownModelIsAConfigError() {
        assertThrows(IllegalArgumentException.class, () -> BASE.withBweModel("psychic", null));
    }
}
