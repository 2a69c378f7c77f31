package dev.chorus.media.sim;

import dev.chorus.media.util.Bytes;
import java.util.Random;

/**
 * The synthetic browser publisher: three VP8 simulcast encoders (L1T3 with libwebrtc's reference
 * pattern, or L1T1) and an audio source, producing real RTP packets with real VP8 payload descriptors
 * so the server's unmodified forwarding code can parse, select and rewrite them. Frame sizes follow
 * the layer's rate with log-normal variation; key frames come at the start, periodically, after a PLI
 * (with the publisher's delay) and when a paused encoding resumes. Its uplink is perfect: packets
 * reach the server when encoded.
 */
final class Publisher {
    interface Sink {
        void onVideo(int layer, byte[] buf, int len, long nowNanos);

        void onAudio(byte[] buf, int len, long nowNanos);
    }

    static final int VIDEO_PT = 96;
    static final int AUDIO_PT = 111;
    static final long VIDEO_SSRC_BASE = 0x1000;
    static final long AUDIO_SSRC = 0x2000;
    static final int MAX_PAYLOAD = 1100;
    static final int DESCRIPTOR_BYTES = 6;
    /** Synthetic payload after the descriptor: VP8 header byte, layer, frame index, packet index, count. */
    static final int TAG_BYTES = 10;
    private static final long AUDIO_INTERVAL_NANOS = 20_000_000L;

    // libwebrtc's 3-layer pattern: TL0 updates 'last', TL1 updates 'golden', TL2 updates nothing;
    // every delta frame references 'last'; the sync (Y) frames reference nothing else.
    private static final int[] TID = {0, 2, 1, 2, 0, 2, 1, 2};
    private static final boolean[] SYNC = {false, true, true, false, false, false, false, false};
    private static final boolean[] REF_GOLDEN = {false, false, false, true, false, true, true, true};
    private static final boolean[] UPD_LAST = {true, false, false, false, true, false, false, false};
    private static final boolean[] UPD_GOLDEN = {false, false, true, false, false, false, true, false};
    /** Share of a layer's bits per frame of each TID, relative to the mean frame (40 % / 20 % / 40 % of the rate). */
    private static final double[] TID_WEIGHT = {1.6, 0.8, 0.8};

    private final SourceConfig config;
    private final FrameRegistry registry;
    private final Random random;
    private final Encoder[] encoders;
    private final byte[] buf = new byte[1500];
    private final long frameNanos;
    private long nextFrameNanos;
    private long nextAudioNanos;
    private int audioSeq = 7000;
    private long audioTs = 1234;
    private int pendingMask = -1;
    private long pendingMaskAt = Long.MAX_VALUE;
    private long keyFrames;

    Publisher(SourceConfig config, FrameRegistry registry, long seed) {
        this.config = config;
        this.registry = registry;
        this.random = new Random(seed);
        this.frameNanos = Math.round(1e9 / config.fps());
        this.encoders = new Encoder[config.layers()];
        for (int l = 0; l < encoders.length; l++) {
            encoders[l] = new Encoder(l);
        }
    }

    /** A key frame of {@code layer} is wanted (a PLI reached the publisher's side of the server). */
    void requestKeyFrame(int layer, long nowNanos) {
        if (layer >= 0 && layer < encoders.length) {
            Encoder e = encoders[layer];
            e.pliDue = Math.min(e.pliDue, nowNanos + config.pliDelayNanos());
        }
    }

    /** The server asks for these encodings (bit per layer); applied after the signalling delay. */
    void setActiveLayers(int mask, long nowNanos) {
        pendingMask = mask;
        pendingMaskAt = nowNanos + config.layerSwitchDelayNanos();
    }

    long keyFrames() {
        return keyFrames;
    }

    /** Emits every frame and audio packet due by {@code nowNanos}. */
    void produce(long nowNanos, Sink sink) {
        if (nowNanos >= pendingMaskAt) {
            for (Encoder e : encoders) {
                boolean on = (pendingMask & (1 << e.layer)) != 0;
                if (on && e.paused) {
                    e.resumeKey = true; // an encoding that restarts starts with a key frame
                }
                e.paused = !on;
            }
            pendingMaskAt = Long.MAX_VALUE;
        }
        while (nextAudioNanos <= nowNanos) {
            int len = audio();
            sink.onAudio(buf, len, nextAudioNanos);
            nextAudioNanos += AUDIO_INTERVAL_NANOS;
        }
        while (nextFrameNanos <= nowNanos) {
            for (Encoder e : encoders) {
                if (!e.paused) {
                    e.encode(nextFrameNanos, sink);
                }
            }
            nextFrameNanos += frameNanos;
        }
    }

    private int audio() {
        int payload = (int) (config.audioBps() / 8 / 50);
        header(buf, false, AUDIO_PT, audioSeq, audioTs, AUDIO_SSRC);
        java.util.Arrays.fill(buf, 12, 12 + payload, (byte) 0x55);
        audioSeq = (audioSeq + 1) & 0xFFFF;
        audioTs = (audioTs + 960) & 0xFFFFFFFFL;
        return 12 + payload;
    }

    private static void header(byte[] b, boolean marker, int pt, int seq, long ts, long ssrc) {
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, ts);
        Bytes.put32(b, 8, ssrc);
    }

    /** One simulcast encoder and packetiser. */
    private final class Encoder {
        final int layer;
        final long ssrc;
        final double meanFrameBytes;
        int seq;
        long ts;
        int pictureId;
        int tl0;
        int pos;
        int index;
        long encLast = -1;
        long encGolden = -1;
        long nextPeriodicKey;
        long pliDue = Long.MAX_VALUE;
        boolean paused;
        boolean resumeKey = true; // the first frame is a key frame

        Encoder(int layer) {
            this.layer = layer;
            this.ssrc = VIDEO_SSRC_BASE + layer;
            this.meanFrameBytes = config.layerBps().get(layer) / 8.0 / config.fps();
            this.seq = 1000 * (layer + 1);
            this.ts = 100_000L * (layer + 1);
            this.pictureId = 100 * (layer + 1);
            // staggered, as independent encoders' key frames would be
            this.nextPeriodicKey = config.keyFrameIntervalNanos() * (layer + 1) / encoders.length;
        }

        void encode(long now, Sink sink) {
            boolean key = resumeKey || now >= pliDue || now >= nextPeriodicKey;
            if (key) {
                pos = 0;
                resumeKey = false;
                pliDue = Long.MAX_VALUE;
                nextPeriodicKey = now + config.keyFrameIntervalNanos();
                keyFrames++;
            }
            boolean t3 = config.temporalLayers() == 3;
            int tid = t3 ? TID[pos] : 0;
            if (tid == 0 && index > 0) {
                tl0 = (tl0 + 1) & 0xFF;
            }
            double weight = key ? config.keyFrameFactor() : t3 ? TID_WEIGHT[tid] : 1;
            double noise = Math.exp(config.sizeSigma() * random.nextGaussian() - config.sizeSigma() * config.sizeSigma() / 2);
            int bytes = (int) Math.max(TAG_BYTES * 2, Math.round(meanFrameBytes * weight * noise));
            int packets = (bytes + MAX_PAYLOAD - 1) / MAX_PAYLOAD;
            boolean usesGolden = !key && t3 && REF_GOLDEN[pos];
            boolean updLast = key || !t3 || UPD_LAST[pos];
            boolean updGolden = key || (t3 && UPD_GOLDEN[pos]);
            FrameInfo f = new FrameInfo(layer, index, tid, key, encLast, encGolden, usesGolden, updLast, updGolden,
                    bytes, packets, now);
            registry.add(f);
            boolean sync = !key && t3 && SYNC[pos];
            for (int p = 0; p < packets; p++) {
                int payload = Math.max(TAG_BYTES, bytes / packets + (p < bytes % packets ? 1 : 0));
                int len = packet(f, p, packets, sync, payload);
                sink.onVideo(layer, buf, len, now);
                seq = (seq + 1) & 0xFFFF;
            }
            if (updLast) {
                encLast = f.id();
            }
            if (updGolden) {
                encGolden = f.id();
            }
            pos = (pos + 1) % TID.length;
            index++;
            ts = (ts + Math.round(90000 / config.fps())) & 0xFFFFFFFFL;
            pictureId = (pictureId + 1) & 0x7FFF;
        }

        private int packet(FrameInfo f, int p, int packets, boolean sync, int payload) {
            header(buf, p == packets - 1, VIDEO_PT, seq, ts, ssrc);
            int o = 12;
            buf[o] = (byte) (0x80 | (p == 0 ? 0x10 : 0)); // X, S on the first packet, partition 0
            buf[o + 1] = (byte) 0xE0; // I L T
            buf[o + 2] = (byte) (0x80 | (pictureId >>> 8)); // 15-bit PictureID
            buf[o + 3] = (byte) pictureId;
            buf[o + 4] = (byte) tl0;
            buf[o + 5] = (byte) ((f.tid() << 6) | (sync ? 0x20 : 0));
            o += DESCRIPTOR_BYTES;
            java.util.Arrays.fill(buf, o, o + payload, (byte) 0);
            buf[o] = (byte) (p > 0 ? 0x01 : f.key() ? 0x00 : 0x01); // VP8 payload header: P bit 0 = key frame
            buf[o + 1] = (byte) layer;
            Bytes.put32(buf, o + 2, f.index());
            Bytes.put16(buf, o + 6, p);
            Bytes.put16(buf, o + 8, packets);
            return o + payload;
        }
    }
}
