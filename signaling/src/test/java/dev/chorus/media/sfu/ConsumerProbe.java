package dev.chorus.media.sfu;

/**
 * Test-only: what signaling told a consumer (render size, pin), read on its worker thread after the
 * setters' own tasks. Lives in the media package for its package-private accessors; if the media core
 * renames them, this is the one file to adapt.
 */
public final class ConsumerProbe {
    public record State(int renderWidth, int renderHeight, boolean pinned) {}

    private ConsumerProbe() {}

    public static State of(Consumer c) {
        return c.transport().router().worker()
                .call(() -> new State(c.renderWidth(), c.renderHeight(), c.pinned())).join();
    }
}
