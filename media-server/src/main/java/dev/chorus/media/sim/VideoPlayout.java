package dev.chorus.media.sim;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving browser's video pipeline, modelled: frames are collected by output PictureID (which
 * the server keeps continuous), and a complete frame is decoded — and rendered at once — as soon as the
 * reference buffers it reads ("last", "golden") hold exactly the frames it was encoded against, as
 * libwebrtc's frame buffer does: an older frame nobody needs (a lost TL2 frame) is skipped, a lost
 * reference blocks everything after it until retransmission fills it or a key frame arrives. While
 * blocked it asks for a key frame (PLI) when NACK gave up on a packet, or after a second, repeating
 * every second. Rendering feeds the {@link FreezeMeter}.
 */
final class VideoPlayout {
    private static final long NONE = Long.MIN_VALUE;
    private static final long PLI_AFTER_NANOS = 1_000_000_000L;
    private static final long PLI_REPEAT_NANOS = 1_000_000_000L;
    private static final int MAX_PENDING = 512;

    private static final class Pending {
        final FrameInfo info;
        final boolean[] got;
        int received;

        Pending(FrameInfo info) {
            this.info = info;
            this.got = new boolean[info.packets()];
        }

        boolean complete() {
            return received == got.length;
        }
    }

    private final FrameRegistry registry;
    private final FreezeMeter freezes = new FreezeMeter();
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private long highestPid = NONE;
    private long nextPid = NONE;
    private long decodedLast = NONE;
    private long decodedGolden = NONE;
    private long blockedSince = NONE;
    private long lastPli = NONE;
    private boolean lossGivenUp;
    private long framesDecoded;
    private long keyFramesDecoded;
    private long framesSkipped;
    private int lastLayer = -1;
    private long layerSwitches;
    private long renderedLayerSum;

    VideoPlayout(FrameRegistry registry) {
        this.registry = registry;
    }

    /**
     * One media packet: its output PictureID (15 bits) and the frame tag it carries (source layer,
     * frame index, packet index). Unknown frames (evicted) are ignored.
     */
    void onPacket(int pictureId15, int layer, int index, int packet, long now) {
        FrameInfo info = registry.get(layer, index);
        if (info == null || packet < 0 || packet >= info.packets()) {
            return;
        }
        long pid = unwrap(pictureId15);
        if (nextPid == NONE) {
            nextPid = pid;
        }
        if (pid < nextPid) {
            return; // decoded or skipped already (a late retransmission)
        }
        Pending p = pending.get(pid);
        if (p == null) {
            if (pending.size() >= MAX_PENDING) {
                pending.pollFirstEntry();
            }
            p = new Pending(info);
            pending.put(pid, p);
        } else if (p.info.id() != info.id()) {
            return; // a PictureID reused after a wrap: ignore the stranger
        }
        if (!p.got[packet]) {
            p.got[packet] = true;
            p.received++;
        }
        decode(now);
    }

    private long unwrap(int pid15) {
        if (highestPid == NONE) {
            highestPid = pid15;
            return pid15;
        }
        long diff = ((pid15 - highestPid) % 0x8000 + 0x8000) % 0x8000;
        long v = diff < 0x4000 ? highestPid + diff : highestPid + diff - 0x8000;
        highestPid = Math.max(highestPid, v);
        return v;
    }

    /** NACK gave up on a packet (never recovered): a blocked decoder needs a key frame now. */
    void onLossGivenUp() {
        lossGivenUp = true;
    }

    private void decode(long now) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<Long, Pending> e : pending.entrySet()) {
                Pending p = e.getValue();
                if (p.complete() && decodable(p.info)) {
                    render(e.getKey(), p.info, now);
                    progress = true;
                    break;
                }
            }
        }
        boolean blocked = false;
        for (Pending p : pending.values()) {
            if (p.complete()) {
                blocked = true; // complete but its references are missing
                break;
            }
        }
        if (!blocked) {
            blockedSince = NONE;
            lossGivenUp = false;
        } else if (blockedSince == NONE) {
            blockedSince = now;
        }
    }

    private boolean decodable(FrameInfo f) {
        return f.key() || (f.refLast() == decodedLast && (!f.usesGolden() || f.refGolden() == decodedGolden));
    }

    private void render(long pid, FrameInfo f, long now) {
        Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            long k = it.next().getKey();
            if (k > pid) {
                break;
            }
            if (k < pid) {
                framesSkipped++;
            }
            it.remove();
        }
        nextPid = pid + 1;
        if (f.updatesLast()) {
            decodedLast = f.id();
        }
        if (f.updatesGolden()) {
            decodedGolden = f.id();
        }
        framesDecoded++;
        if (f.key()) {
            keyFramesDecoded++;
        }
        if (lastLayer >= 0 && f.layer() != lastLayer) {
            layerSwitches++;
        }
        lastLayer = f.layer();
        renderedLayerSum += f.layer();
        freezes.onFrameRendered(now);
    }

    /** Whether to send a PLI now (and records that one was sent). */
    boolean pliDue(long now) {
        if (blockedSince == NONE) {
            return false;
        }
        boolean wait = lastPli == NONE || now - lastPli >= PLI_REPEAT_NANOS;
        if (wait && (lossGivenUp || now - blockedSince >= PLI_AFTER_NANOS)) {
            lastPli = now;
            lossGivenUp = false;
            return true;
        }
        return false;
    }

    FreezeMeter freezes() {
        return freezes;
    }

    long framesDecoded() {
        return framesDecoded;
    }

    long keyFramesDecoded() {
        return keyFramesDecoded;
    }

    long framesSkipped() {
        return framesSkipped;
    }

    /** Changes of the rendered spatial layer. */
    long layerSwitches() {
        return layerSwitches;
    }

    /** The spatial layer of the last rendered frame, -1 before the first. */
    int lastLayer() {
        return lastLayer;
    }

    /** Mean spatial layer over rendered frames. */
    double meanLayer() {
        return framesDecoded == 0 ? -1 : (double) renderedLayerSum / framesDecoded;
    }
}
