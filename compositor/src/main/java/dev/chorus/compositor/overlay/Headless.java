package dev.chorus.compositor.overlay;

/** The media server has no display: Java2D must start headless, which it decides on first use. */
final class Headless {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Headless() {}

    /** Call before touching any AWT class; the work is done once, by class initialisation. */
    static void ensure() {}
}
