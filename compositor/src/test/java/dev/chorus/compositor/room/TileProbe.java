package dev.chorus.compositor.room;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.layout.GridLayout;
import dev.chorus.compositor.layout.Tile;
import dev.chorus.compositor.overlay.NameCard;
import dev.chorus.compositor.overlay.Yuv;

/** Reads a tile of a decoded composite: its mean colour, or how far it is from a participant's name card. */
final class TileProbe {
    private TileProbe() {}

    /** Tile {@code index} of the composite's grid for {@code count} participants. */
    static Tile tile(int count, int index) {
        return GridLayout.compute(count, CompositeVideo.WIDTH, CompositeVideo.HEIGHT).tiles().get(index);
    }

    /**
     * Mean colour of the tile's middle (30–70 % across, 35–65 % down): clear of the name label at the
     * bottom left and of {@link TestCamera}'s moving box in the top quarter.
     */
    static Yuv middle(I420Frame f, Tile t) {
        int x0 = t.x() + t.w() * 3 / 10 & ~1;
        int x1 = t.x() + t.w() * 7 / 10 & ~1;
        int y0 = t.y() + t.h() * 35 / 100 & ~1;
        int y1 = t.y() + t.h() * 65 / 100 & ~1;
        long y = 0;
        long u = 0;
        long v = 0;
        int n = 0;
        int cw = f.chromaWidth();
        for (int r = y0; r < y1; r += 2) {
            for (int c = x0; c < x1; c += 2) {
                y += f.lumaAt(c, r);
                u += f.u()[r / 2 * cw + c / 2] & 0xff;
                v += f.v()[r / 2 * cw + c / 2] & 0xff;
                n++;
            }
        }
        return new Yuv((int) (y / n), (int) (u / n), (int) (v / n));
    }

    /** Whether the composite {@code f} is 1280x720 and the tile's middle is within ±12 of {@code c}. */
    static boolean shows(I420Frame f, Tile t, Yuv c) {
        if (f.width() != CompositeVideo.WIDTH || f.height() != CompositeVideo.HEIGHT) {
            return false;
        }
        Yuv m = middle(f, t);
        return Math.abs(m.y() - c.y()) <= 12 && Math.abs(m.u() - c.u()) <= 12 && Math.abs(m.v() - c.v()) <= 12;
    }

    /**
     * Mean absolute luma difference between the tile's upper 70 % (above the name label) and the name
     * card the composer draws for {@code participantId} / {@code name} at the tile's size.
     */
    static double cardDistance(I420Frame f, Tile t, String participantId, String name) {
        if (f.width() != CompositeVideo.WIDTH || f.height() != CompositeVideo.HEIGHT) {
            return Double.MAX_VALUE;
        }
        NameCard card = new NameCard();
        card.update(participantId, name, t.w(), t.h());
        I420Frame expected = card.picture();
        long sum = 0;
        int rows = t.h() * 7 / 10;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < t.w(); c++) {
                sum += Math.abs(expected.lumaAt(c, r) - f.lumaAt(t.x() + c, t.y() + r));
            }
        }
        return sum / (double) (rows * t.w());
    }

    /** Whether the tile shows the name card (a VP8-coded copy is within a few levels on average). */
    static boolean showsCard(I420Frame f, Tile t, String participantId, String name) {
        return cardDistance(f, t, participantId, name) < 6;
    }

    static String describe(I420Frame f, Tile t) {
        return f.width() == CompositeVideo.WIDTH ? "middle " + middle(f, t) : "picture " + f.width() + "x" + f.height();
    }
}
