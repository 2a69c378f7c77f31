package dev.chorus.media.forwarding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Vp8PictureIdRewriterTest {

    /** A VP8 descriptor with I, L and T set (PictureID of {@code width} bytes), then one payload byte. */
    static byte[] descriptor(int pictureId, int width, int tl0, int tid, boolean sync) {
        byte[] b = new byte[2 + width + 2 + 1];
        b[0] = (byte) 0x90; // X, S
        b[1] = (byte) 0xE0; // I L T
        int p = 2;
        if (width == 2) {
            b[p++] = (byte) (0x80 | (pictureId >>> 8));
        }
        b[p++] = (byte) (width == 2 ? pictureId : pictureId & 0x7F);
        b[p++] = (byte) tl0;
        b[p++] = (byte) ((tid << 6) | (sync ? 0x20 : 0));
        b[p] = 0x01; // a delta frame's VP8 header byte
        return b;
    }

    /**
     * Steps {@code F<layer>:<pic>/<tl0>/<tid>=<outPic>/<outTl0>} rewrite (x: refused) and
     * {@code D<layer>:<pic>/<tl0>/<tid>} drop. Starts at PictureID {@code initPic}, TL0PICIDX
     * {@code initTl0}; {@code width} 1 or 2 bytes of PictureID in every packet.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "first frame gets the initial ids          | 2 | 100   | 10  | F0:5000/7/0=100/10",
            "frames follow the source, packets share   | 2 | 100   | 10  | F0:5000/7/0=100/10 F0:5000/7/0=100/10 F0:5001/7/2=101/10 F0:5002/7/1=102/10 F0:5003/7/2=103/10 F0:5004/8/0=104/11",
            "dropped TID 2 frames take no id           | 2 | 100   | 10  | F0:5000/7/0=100/10 D0:5001/7/2 D0:5001/7/2 F0:5002/7/1=101/10 D0:5003/7/2 F0:5004/8/0=102/11",
            "TID 0 only                                | 2 | 100   | 10  | F0:5000/7/0=100/10 D0:5001/7/2 D0:5002/7/1 D0:5003/7/2 F0:5004/8/0=101/11 D0:5005/8/2",
            "a dropped TID 0 frame takes no TL0PICIDX  | 2 | 100   | 10  | F0:5000/7/0=100/10 D0:5001/7/2 D0:5002/8/0 D0:5003/8/2 F0:5004/9/0=101/11",
            "lost frames keep their hole               | 2 | 100   | 10  | F0:5000/7/0=100/10 F0:5002/7/1=102/10 F0:5005/9/0=105/12",
            "reordered frames keep their order         | 2 | 100   | 10  | F0:5000/7/0=100/10 F0:5002/7/1=102/10 F0:5001/7/2=101/10",
            "repair of a lost base behind a drop       | 2 | 100   | 10  | F0:5000/7/0=100/10 D0:5002/8/2 F0:5003/8/1=102/11 F0:5001/8/0=101/11",
            "too old to map is refused                 | 2 | 100   | 10  | F0:5000/7/0=100/10 F0:5300/80/0=400/83 F0:5001/7/2=x",
            "switch continues at last+1                | 2 | 100   | 10  | F0:5000/7/0=100/10 F0:5001/7/2=101/10 F1:20000/200/0=102/11 F1:20001/200/2=103/11 F1:20002/200/1=104/11 F1:20004/201/0=106/12",
            "switch after drops                        | 2 | 100   | 10  | F0:5000/7/0=100/10 D0:5001/7/2 D0:5002/7/1 F2:77/3/0=101/11 F2:78/3/2=102/11",
            "old layer drops after a switch ignored    | 2 | 100   | 10  | F0:5000/7/0=100/10 F1:20000/200/0=101/11 D0:5001/7/2 D0:5002/8/0 F1:20001/200/2=102/11",
            "new layer drops before a switch ignored   | 2 | 100   | 10  | D1:19998/199/0 F0:5000/7/0=100/10 D1:19999/199/2 F1:20000/200/0=101/11 F1:20001/200/2=102/11",
            "PictureID wraps in the output at 32767    | 2 | 32766 | 10  | F0:5/1/0=32766/10 F0:6/1/2=32767/10 F0:7/1/1=0/10 D0:8/1/2 F0:9/2/0=1/11",
            "PictureID and TL0PICIDX wrap in the source | 2 | 100  | 10  | F0:32767/255/0=100/10 F0:0/255/2=101/10 F0:1/0/0=102/11 D0:2/0/2 F0:3/0/1=103/11",
            "TL0PICIDX wraps in the output at 255      | 2 | 100   | 255 | F0:10/3/0=100/255 F0:11/4/0=101/0 F1:500/9/0=102/1",
            "switch at the PictureID wrap              | 2 | 32767 | 10  | F0:5/1/0=32767/10 F1:900/4/0=0/11",
            "7-bit source keeps 7 bits                 | 1 | 100   | 10  | F0:126/7/0=100/10 F0:127/7/2=101/10 F0:0/8/0=102/11 D0:1/8/2 F0:2/8/1=103/11",
            "7-bit output wraps at 127                 | 1 | 126   | 10  | F0:50/7/0=126/10 F0:51/7/2=127/10 F0:52/8/0=0/11",
            "7-bit reordered across its wrap           | 1 | 100   | 10  | F0:127/7/0=100/10 F0:1/8/0=102/11 F0:0/7/2=101/10",
    })
    void script(String name, int width, int initPic, int initTl0, String script) {
        Vp8PictureIdRewriter r = new Vp8PictureIdRewriter(initPic, initTl0);
        for (String step : script.trim().split("\\s+")) {
            String[] a = step.substring(1).split("[:/=]");
            int layer = Integer.parseInt(a[0]);
            byte[] d = descriptor(Integer.parseInt(a[1]), width, Integer.parseInt(a[2]), Integer.parseInt(a[3]), false);
            if (step.charAt(0) == 'D') {
                r.drop(layer, d, 0, d.length);
                continue;
            }
            boolean ok = r.rewrite(layer, d, 0, d.length);
            if (a[4].equals("x")) {
                assertFalse(ok, step);
                continue;
            }
            assertTrue(ok, step);
            assertEquals(width, Vp8PayloadDescriptor.pictureIdLength(d, 0, d.length), step);
            assertEquals(Integer.parseInt(a[4]), Vp8PayloadDescriptor.pictureId(d, 0, d.length), step);
            assertEquals(Integer.parseInt(a[5]), Vp8PayloadDescriptor.tl0PicIdx(d, 0, d.length), step);
            assertEquals(Integer.parseInt(a[3]), Vp8PayloadDescriptor.tid(d, 0, d.length), step);
        }
    }

    @Test
    void descriptorWithoutIdsIsLeftAlone() {
        byte[] minimal = {0x10, 0x01}; // no X: nothing to rewrite
        Vp8PictureIdRewriter r = new Vp8PictureIdRewriter(5, 5);
        assertTrue(r.rewrite(0, minimal, 0, 2));
        assertArrayEquals(new byte[] {0x10, 0x01}, minimal);
        assertEquals(-1, r.lastPictureId());
        byte[] d = descriptor(700, 2, 3, 0, true);
        assertTrue(r.rewrite(0, d, 0, d.length)); // ids start with the first packet that has them
        assertEquals(5, Vp8PayloadDescriptor.pictureId(d, 0, d.length));
        assertEquals(5, r.lastTl0PicIdx());
        assertFalse(r.rewrite(0, new byte[] {(byte) 0x80}, 0, 1)); // truncated descriptor
    }

    @Test
    void longRunDroppingTemporalLayersIsContinuous() {
        Vp8PictureIdRewriter r = new Vp8PictureIdRewriter(32000, 250);
        int[] tids = {0, 2, 1, 2};
        int expectPic = 32000;
        int expectTl0 = 250;
        int tl0 = 0;
        for (int f = 0; f < 100_000; f++) {
            int tid = tids[f % 4];
            if (tid == 0 && f > 0) {
                tl0 = (tl0 + 1) & 0xFF;
            }
            byte[] d = descriptor((7 + f) & 0x7FFF, 2, tl0, tid, tid > 0);
            if (tid == 2) {
                r.drop(0, d, 0, d.length);
                continue;
            }
            assertTrue(r.rewrite(0, d, 0, d.length), "f=" + f);
            if (tid == 0 && f > 0) {
                expectTl0 = (expectTl0 + 1) & 0xFF;
            }
            assertEquals(expectPic, Vp8PayloadDescriptor.pictureId(d, 0, d.length), "f=" + f);
            assertEquals(expectTl0, Vp8PayloadDescriptor.tl0PicIdx(d, 0, d.length), "f=" + f);
            expectPic = (expectPic + 1) & 0x7FFF;
        }
    }
}
