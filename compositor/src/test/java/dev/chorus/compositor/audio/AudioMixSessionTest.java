package dev.chorus.compositor.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** End to end with real codecs: tones in as Opus RTP, N-1 mixes out as Opus RTP. */
class AudioMixSessionTest {
    private static final int TICKS = 100;
    /** Frames skipped before judging: jitter-buffer fill plus encoder/decoder start-up. */
    private static final int WARMUP = 15;
    private static final double AMPLITUDE = 8000;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A simulated sender: a tone, Opus-encoded and packetized, one RTP packet per tick. */
    private final class Sender {
        final double hz;
        final OpusEncoder encoder = new OpusEncoder();
        final OpusRtpPacketizer packetizer;
        final byte[] opus = new byte[AudioFrames.MAX_PAYLOAD];
        final byte[] rtp = new byte[AudioFrames.MAX_PAYLOAD + 12];
        int frame;

        Sender(double hz, long ssrc) {
            this.hz = hz;
            this.packetizer = new OpusRtpPacketizer(ssrc, 111, 65500, 0);
            toClose.add(encoder);
        }

        int next() {
            int n = encoder.encode(Tones.sine(hz, AMPLITUDE, frame++), opus);
            return packetizer.packetize(opus, 0, n, rtp, 0);
        }
    }

    /** A receiver's sink: checks the RTP stream and decodes it. */
    private final class Capture implements AudioMixSession.RtpSink {
        final long ssrc;
        final OpusDecoder decoder = new OpusDecoder();
        final RtpPacket rtp = new RtpPacket();
        final short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
        short[] decoded = new short[0];
        int packets;
        int lastSeq = -1;
        long lastTs = -1;
        int markers;

        Capture(long ssrc) {
            this.ssrc = ssrc;
            toClose.add(decoder);
        }

        @Override
        public void onRtp(byte[] buf, int len) {
            assertTrue(rtp.wrap(buf, 0, len));
            assertEquals(ssrc, rtp.ssrc());
            assertEquals(111, rtp.payloadType());
            if (lastSeq >= 0) {
                assertEquals((lastSeq + 1) & 0xffff, rtp.sequenceNumber());
                assertEquals((lastTs + 960) & 0xFFFFFFFFL, rtp.timestamp());
            }
            markers += rtp.marker() ? 1 : 0;
            lastSeq = rtp.sequenceNumber();
            lastTs = rtp.timestamp();
            assertTrue(decoder.decode(buf, rtp.payloadOffset(), rtp.payloadLength(), pcm));
            short[] grown = java.util.Arrays.copyOf(decoded, decoded.length + pcm.length);
            System.arraycopy(pcm, 0, grown, decoded.length, pcm.length);
            decoded = grown;
            packets++;
        }

        double power(double hz) {
            int from = WARMUP * AudioFrames.FRAME_SAMPLES;
            return Tones.goertzel(decoded, from, decoded.length - from, hz);
        }
    }

    private AudioMixSession session() {
        AudioMixSession s = new AudioMixSession();
        toClose.add(s);
        return s;
    }

    @Test
    void everyoneHearsTheOthersButNotThemself() {
        AudioMixSession session = session();
        Map<String, Sender> senders = new HashMap<>();
        senders.put("a", new Sender(400, 1));
        senders.put("b", new Sender(700, 2));
        senders.put("c", new Sender(1100, 3));
        Map<String, Capture> captures = new HashMap<>();
        long ssrc = 100;
        for (String id : List.of("a", "b", "c", "listener")) {
            Capture cap = new Capture(ssrc);
            captures.put(id, cap);
            assertTrue(session.addReceiver(id, ssrc++, 111, cap));
        }
        for (String id : senders.keySet()) {
            assertTrue(session.addInput(id));
        }
        for (int t = 0; t < TICKS; t++) {
            for (Map.Entry<String, Sender> e : senders.entrySet()) {
                Sender s = e.getValue();
                assertTrue(session.onRtp(e.getKey(), s.rtp, 0, s.next()));
            }
            session.tick();
        }
        double full = (AMPLITUDE / 2) * (AMPLITUDE / 2); // Goertzel power of an undistorted tone
        for (Map.Entry<String, Capture> e : captures.entrySet()) {
            String id = e.getKey();
            Capture cap = e.getValue();
            assertEquals(TICKS, cap.packets, id + " gets one packet per tick");
            assertEquals(1, cap.markers, id + ": marker on the first packet only");
            for (Map.Entry<String, Sender> s : senders.entrySet()) {
                double p = cap.power(s.getValue().hz);
                if (s.getKey().equals(id)) {
                    assertTrue(p < full / 10_000, id + " must not hear itself: " + p);
                } else {
                    assertTrue(p > full / 2, id + " hears " + s.getKey() + ": " + p);
                }
            }
        }
        assertEquals(0, session.sinkErrors());
        assertEquals(0, session.encodeErrors());
        assertEquals(0, session.clippedSamples());
        assertEquals(0, session.decodeErrors("a"));
        assertEquals(TICKS - 2, session.inputBuffer("a").played(), "two ticks of jitter-buffer fill");
    }

    @Test
    void garbageInputDoesNotBreakTheSession() {
        AudioMixSession session = session();
        Sender b = new Sender(700, 2);
        Sender c = new Sender(1100, 3);
        Capture capA = new Capture(50);
        session.addReceiver("a", 50, 111, capA);
        session.addInput("a");
        session.addInput("b");
        session.addInput("c");
        session.addInput("junk");
        Random rnd = new Random(1);
        byte[] junk = new byte[300];
        for (int t = 0; t < TICKS; t++) {
            session.onRtp("b", b.rtp, 0, b.next());
            session.onRtp("c", c.rtp, 0, c.next());
            // "a" sends garbage Opus in valid RTP, "junk" sends anything at all.
            rnd.nextBytes(junk);
            byte[] bad = AudioJitterBufferTest.rtp(9, t);
            System.arraycopy(junk, 0, bad, 12, 3);
            session.onRtp("a", bad, 0, bad.length);
            rnd.nextBytes(junk);
            session.onRtp("junk", junk, 0, rnd.nextInt(junk.length));
            session.onRtp("junk", null, 0, 10);
            session.onRtp("junk", junk, 290, 50);
            session.tick();
        }
        assertEquals(TICKS, capA.packets);
        assertTrue(session.decodeErrors("a") > 0, "garbage Opus counted");
        double full = (AMPLITUDE / 2) * (AMPLITUDE / 2);
        assertTrue(capA.power(700) > full / 4, "b still heard: " + capA.power(700));
        assertTrue(capA.power(1100) > full / 4, "c still heard: " + capA.power(1100));
    }

    @Test
    void membershipChangesAndFailingSinks() {
        AudioMixSession session = session();
        Sender b = new Sender(700, 2);
        Capture capA = new Capture(50);
        assertTrue(session.addReceiver("a", 50, 111, capA));
        assertFalse(session.addReceiver("a", 51, 111, capA), "duplicate receiver");
        assertFalse(session.addReceiver(null, 51, 111, capA));
        assertFalse(session.addReceiver("x", 51, 111, null));
        assertTrue(session.addReceiver("boom", 52, 111, (buf, len) -> {
            throw new IllegalStateException("transport gone");
        }));
        assertFalse(session.onRtp("b", b.rtp, 0, b.next()), "not an input yet");
        assertTrue(session.addInput("b"));
        assertFalse(session.addInput("b"));
        for (int t = 0; t < 10; t++) {
            session.onRtp("b", b.rtp, 0, b.next());
            session.tick();
        }
        assertEquals(10, capA.packets, "a failing sink does not stop the others");
        assertEquals(10, session.sinkErrors());
        assertTrue(session.removeReceiver("boom"));
        assertFalse(session.removeReceiver("boom"));
        assertTrue(session.removeInput("b"));
        assertFalse(session.removeInput("b"));
        assertNull(session.inputBuffer("b"));
        assertEquals(-1, session.decodeErrors("b"));
        session.tick();
        assertEquals(11, capA.packets, "a room with no inputs still sends (silence)");
        // (Receivers added before their inputs are excluded too: see everyoneHearsTheOthersButNotThemself.)
        session.close();
        session.close();
        session.tick();
        assertEquals(11, capA.packets);
        assertFalse(session.addInput("z"));
        assertFalse(session.onRtp("a", b.rtp, 0, 20));
    }
}
