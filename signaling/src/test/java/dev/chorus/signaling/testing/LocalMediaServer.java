package dev.chorus.signaling.testing;

import dev.chorus.media.sfu.MediaServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real media core on loopback (a free port, one worker) for the tests of one class: started before
 * the first test, closed after the last. Register it as a {@code static} {@code @RegisterExtension} field.
 */
public final class LocalMediaServer implements BeforeAllCallback, AfterAllCallback {
    private MediaServer media;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        media = new MediaServer("127.0.0.1", 0, null, 1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (media != null) {
            media.close();
            media = null;
        }
    }

    public MediaServer get() {
        if (media == null) {
            throw new IllegalStateException("not started: register it as a static @RegisterExtension field");
        }
        return media;
    }
}
