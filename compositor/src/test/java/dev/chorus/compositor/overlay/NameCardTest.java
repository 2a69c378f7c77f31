package dev.chorus.compositor.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import org.junit.jupiter.api.Test;

class NameCardTest {
    @Test
    void initialsTakeFirstAndLastWords() {
        assertEquals("AL", NameCard.initials("Ada Lovelace"));
        assertEquals("AL", NameCard.initials("  ada  king  lovelace "));
        assertEquals("C", NameCard.initials("cher"));
        assertEquals("?", NameCard.initials("   "));
        assertEquals("ÉD", NameCard.initials("élodie durand"));
        assertEquals("\uD83C\uDFB8J", NameCard.initials("\uD83C\uDFB8 Jimi")); // whole surrogate pair
    }

    @Test
    void colourIsStablePerIdAndDiffersBetweenIds() {
        assertEquals(NameCard.colourFor("p-1"), NameCard.colourFor("p-1"));
        assertNotEquals(NameCard.colourFor("p-1"), NameCard.colourFor("p-2"));
    }

    @Test
    void cardIsTheIdColourWithBrightInitialsRenderedOnce() {
        NameCard card = new NameCard();
        for (int i = 0; i < 100; i++) {
            card.update("p-7", "Ada Lovelace", 410, 230);
        }
        assertEquals(1, card.renderCount());
        I420Frame pic = card.picture();
        assertEquals(410, pic.width());
        assertEquals(230, pic.height());
        Yuv expected = Yuv.fromRgb(NameCard.colourFor("p-7"));
        assertEquals(expected.y(), pic.lumaAt(5, 5), 1);
        assertEquals(expected.u(), pic.u()[2 * pic.chromaWidth() + 2] & 0xff, 1);
        assertEquals(expected.v(), pic.v()[2 * pic.chromaWidth() + 2] & 0xff, 1);
        int bright = 0;
        for (int col = 0; col < pic.width(); col++) {
            bright += pic.lumaAt(col, pic.height() / 2) > 200 ? 1 : 0;
        }
        assertTrue(bright > 20, "initials across the middle row: " + bright);

        assertFalse(card.update("p-7", "Ada Lovelace", 410, 230));
        assertTrue(card.update("p-7", "Ada King", 410, 230));
        assertTrue(card.update("p-7", "Ada King", 200, 112));
        assertEquals(3, card.renderCount());
    }

    @Test
    void copyIntoPlacesTheCardAtItsTile() {
        NameCard card = new NameCard();
        card.update("p-1", "Bo", 100, 60);
        I420Frame canvas = new I420Frame(320, 180);
        canvas.fill(16, 128, 128);
        card.copyInto(canvas, 50, 40);
        assertEquals(card.picture().lumaAt(0, 0), canvas.lumaAt(50, 40));
        assertEquals(card.picture().lumaAt(99, 59), canvas.lumaAt(149, 99));
        assertEquals(16, canvas.lumaAt(49, 40));
        assertEquals(16, canvas.lumaAt(150, 99));
        assertEquals(16, canvas.lumaAt(50, 100));
    }
}
