package dev.chorus.media.forwarding;

import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;

/**
 * Keeps the VP8 PictureID and TL0PICIDX (RFC 7741) of one receiver's stream continuous across
 * simulcast switches and across frames we drop. A receiver (libwebrtc's VP8 reference finder) takes
 * a PictureID hole for a missing frame and waits for it, and takes TL0PICIDX to say which base frame
 * a temporal-layer frame builds on, so:
 * <ul>
 *   <li>dropped frames consume no PictureID; a switch continues at last + 1;</li>
 *   <li>TL0PICIDX advances only with forwarded TID-0 frames (frames of higher TIDs carry their base
 *       frame's value, which is mapped the same way), and continues at last + 1 on a switch (the
 *       switch frame is a key frame, hence TID 0);</li>
 *   <li>frames lost before us keep their hole, so the receiver still waits for their repair.</li>
 * </ul>
 *
 * <p><b>Field width.</b> Values are rewritten in place, so each packet keeps the width it came
 * with: the output line is one 15-bit counter and a packet with a 7-bit field carries its low 7
 * bits (still continuous modulo 128). The output width is therefore consistent only if the
 * publisher uses one width on all its layers; libwebrtc (Chrome, Safari, Firefox) always sends 15
 * bits. Widening a 7-bit field would mean moving the payload by one byte, which we avoid. A 7-bit
 * source id is first extended to 15 bits against the newest one of its layer.
 *
 * <p>Feed it only packets that {@link SequenceNumberRewriter#forward} accepted (forwarded) or that
 * the policy dropped; a change of layer in {@link #rewrite} is a switch. Allocation-free.
 */
public final class Vp8PictureIdRewriter {
    /** {@link #map} result flag: bits 0..14 hold the output PictureID. */
    public static final int HAS_PICTURE_ID = 1 << 24;
    /** {@link #map} result flag: bits 16..23 hold the output TL0PICIDX. */
    public static final int HAS_TL0 = 1 << 25;

    static final int PICTURE_ID_WINDOW = 255;
    static final int TL0_WINDOW = 63;

    private final ContinuityMapper pictureIds = new ContinuityMapper(15, PICTURE_ID_WINDOW);
    private final ContinuityMapper tl0s = new ContinuityMapper(8, TL0_WINDOW);
    private final int initialPictureId;
    private final int initialTl0;
    private int layer = -1;
    private boolean pictureIdPending; // switched, but no packet with a PictureID since
    private boolean tl0Pending;
    private int srcNewest = -1; // newest 15-bit (extended) source PictureID of the current layer

    public Vp8PictureIdRewriter(int initialPictureId, int initialTl0PicIdx) {
        this.initialPictureId = initialPictureId & 0x7FFF;
        this.initialTl0 = initialTl0PicIdx & 0xFF;
    }

    /**
     * Rewrites the descriptor at {@code buf[off, off+len)} (the output copy's payload) in place.
     *
     * @return false if the packet's ids are too far behind to be mapped: drop the packet
     */
    public boolean rewrite(int layer, byte[] buf, int off, int len) {
        int ids = map(layer, buf, off, len);
        if (ids < 0) {
            return false;
        }
        writeIds(buf, off, len, ids);
        return true;
    }

    /**
     * The output ids of a forwarded packet, read from its (source) descriptor without writing it:
     * {@code PictureID | TL0PICIDX << 16 | HAS_PICTURE_ID | HAS_TL0} (flags for the fields the
     * descriptor has), or -1 if malformed or too far behind to be mapped (drop the packet).
     */
    public int map(int layer, byte[] buf, int off, int len) {
        if (Vp8PayloadDescriptor.descriptorLength(buf, off, len) < 0) {
            return -1;
        }
        if (layer != this.layer) {
            this.layer = layer;
            pictureIdPending = true;
            tl0Pending = true;
            srcNewest = -1;
        }
        int ids = 0;
        int width = Vp8PayloadDescriptor.pictureIdLength(buf, off, len);
        if (width > 0) {
            int src = extend(Vp8PayloadDescriptor.pictureId(buf, off, len), width);
            int out;
            if (pictureIdPending) {
                pictureIdPending = false;
                pictureIds.rebase(src, pictureIds.started() ? pictureIds.lastOut() + 1 : initialPictureId);
                out = pictureIds.lastOut();
            } else {
                out = pictureIds.map(src);
            }
            if (out < 0) {
                return -1;
            }
            ids |= HAS_PICTURE_ID | out;
        }
        int srcTl0 = Vp8PayloadDescriptor.tl0PicIdx(buf, off, len);
        if (srcTl0 >= 0) {
            int out;
            if (tl0Pending) {
                tl0Pending = false;
                tl0s.rebase(srcTl0, tl0s.started() ? tl0s.lastOut() + 1 : initialTl0);
                out = tl0s.lastOut();
            } else {
                out = tl0s.map(srcTl0);
            }
            if (out < 0) {
                return -1;
            }
            ids |= HAS_TL0 | out << 16;
        }
        return ids;
    }

    /** Writes ids from {@link #map} into a descriptor (each field keeps its width). */
    public static void writeIds(byte[] buf, int off, int len, int ids) {
        if ((ids & HAS_PICTURE_ID) != 0) {
            Vp8PayloadDescriptor.setPictureId(buf, off, len, ids & 0x7FFF);
        }
        if ((ids & HAS_TL0) != 0) {
            Vp8PayloadDescriptor.setTl0PicIdx(buf, off, len, (ids >>> 16) & 0xFF);
        }
    }

    /** A packet of a frame the policy dropped. Only the current layer's frames count. */
    public void drop(int layer, byte[] buf, int off, int len) {
        if (layer != this.layer || Vp8PayloadDescriptor.descriptorLength(buf, off, len) < 0) {
            return;
        }
        int width = Vp8PayloadDescriptor.pictureIdLength(buf, off, len);
        if (width > 0 && !pictureIdPending) {
            pictureIds.drop(extend(Vp8PayloadDescriptor.pictureId(buf, off, len), width));
        }
        // Only a dropped base frame frees its TL0PICIDX; a higher-TID frame carries a value that
        // belongs to its base frame, which may be forwarded (or repaired and forwarded later).
        int srcTl0 = Vp8PayloadDescriptor.tl0PicIdx(buf, off, len);
        if (srcTl0 >= 0 && !tl0Pending && Vp8PayloadDescriptor.tid(buf, off, len) <= 0) {
            tl0s.drop(srcTl0);
        }
    }

    /** Extends a 7-bit id to 15 bits, choosing the value nearest the layer's newest one. */
    private int extend(int id, int width) {
        int v = id;
        if (width == 1 && srcNewest >= 0) {
            v = (srcNewest & ~0x7F) | id;
            int d = pictureIds.diff(v, srcNewest);
            if (d > 64) {
                v = (v - 128) & 0x7FFF;
            } else if (d < -64) {
                v = (v + 128) & 0x7FFF;
            }
        }
        if (srcNewest < 0 || pictureIds.diff(v, srcNewest) > 0) {
            srcNewest = v;
        }
        return v;
    }

    /** The newest output PictureID (15 bits), -1 before the first. */
    public int lastPictureId() {
        return pictureIds.started() ? pictureIds.lastOut() : -1;
    }

    /** The newest output TL0PICIDX, -1 before the first. */
    public int lastTl0PicIdx() {
        return tl0s.started() ? tl0s.lastOut() : -1;
    }
}
