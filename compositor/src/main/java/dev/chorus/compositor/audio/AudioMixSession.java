package dev.chorus.compositor.audio;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audio MCU of one room: every input stream (participant id -> jitter buffer + Opus decoder)
 * is mixed, and every receiver (participant id -> Opus encoder + RTP packetizer + sink) gets one
 * Opus RTP stream carrying the mix of all inputs except its own.
 *
 * <p>Threading:
 * <ul>
 *   <li>{@link #tick()} runs on one mixer thread every 20 ms. It pops one frame per input,
 *       decodes, mixes, encodes and calls each receiver's sink, synchronously, on that thread.</li>
 *   <li>{@link #onRtp} may be called from any thread (typically the transport's receive thread);
 *       it only copies the payload into the input's jitter buffer.</li>
 *   <li>Membership changes and {@link #close()} may come from any thread; they wait for a
 *       running tick to finish, so native codecs are never freed under the mixer.</li>
 * </ul>
 * The sink gets a buffer that is reused for the next tick: it must send or copy the packet before
 * returning. A sink that throws is counted and does not disturb the other receivers. Garbage RTP
 * or Opus data is counted and played as silence; no public method throws on bad input.
 *
 * <p>Every receiver has its own encoder even when two mixes are identical (e.g. two listen-only
 * receivers), because an Opus stream's frames depend on its encoder's state.
 */
public final class AudioMixSession implements AutoCloseable {
    /** Receives one outgoing RTP packet; {@code rtp[0, len)} is only valid during the call. */
    @FunctionalInterface
    public interface RtpSink {
        void onRtp(byte[] rtp, int len);
    }

    private static final int RTP_BUFFER = AudioFrames.MAX_PAYLOAD + 12;

    private final Object lock = new Object();
    private final int jitterTargetFrames;
    /** Read lock-free by onRtp; written under {@link #lock}. */
    private final Map<String, Input> inputs = new ConcurrentHashMap<>();
    private final Map<String, Receiver> receivers = new HashMap<>();
    private final AudioMixer mixer = new AudioMixer();
    private final byte[] payload = new byte[AudioFrames.MAX_PAYLOAD];
    /** Snapshots iterated by tick, rebuilt on membership change so a tick allocates nothing. */
    private Input[] inputList = new Input[0];
    private Receiver[] receiverList = new Receiver[0];
    private boolean closed;
    private long ticks;
    private long sinkErrors;
    private long encodeErrors;

    public AudioMixSession() {
        this(AudioJitterBuffer.DEFAULT_TARGET_FRAMES);
    }

    /** @param jitterTargetFrames playout delay of each input in 20 ms frames (see {@link AudioJitterBuffer}) */
    public AudioMixSession(int jitterTargetFrames) {
        this.jitterTargetFrames = jitterTargetFrames;
    }

    /** Adds an input stream; false if the id is null, already an input, or the session is closed. */
    public boolean addInput(String participantId) {
        synchronized (lock) {
            if (closed || participantId == null || inputs.containsKey(participantId)) {
                return false;
            }
            inputs.put(participantId, new Input(new AudioJitterBuffer(jitterTargetFrames)));
            rebuild();
            return true;
        }
    }

    public boolean removeInput(String participantId) {
        synchronized (lock) {
            Input in = participantId == null ? null : inputs.remove(participantId);
            if (in == null) {
                return false;
            }
            rebuild();
            in.decoder.close();
            return true;
        }
    }

    /**
     * Hands one received (decrypted) RTP packet of {@code participantId}'s audio to its jitter
     * buffer. Any thread. Returns false if there is no such input or the packet was not stored.
     */
    public boolean onRtp(String participantId, byte[] buf, int off, int len) {
        Input in = participantId == null ? null : inputs.get(participantId);
        return in != null && in.buffer.offer(buf, off, len);
    }

    /**
     * Adds a receiver of the mix, sent as {@code ssrc} with {@code payloadType}. False if the id or
     * sink is null, the id is already a receiver, or the session is closed.
     */
    public boolean addReceiver(String participantId, long ssrc, int payloadType, RtpSink sink) {
        synchronized (lock) {
            if (closed || participantId == null || sink == null || receivers.containsKey(participantId)) {
                return false;
            }
            receivers.put(participantId, new Receiver(new OpusRtpPacketizer(ssrc, payloadType), sink));
            rebuild();
            return true;
        }
    }

    public boolean removeReceiver(String participantId) {
        synchronized (lock) {
            Receiver r = participantId == null ? null : receivers.remove(participantId);
            if (r == null) {
                return false;
            }
            rebuild();
            r.encoder.close();
            return true;
        }
    }

    /** One 20 ms mixing step: emits exactly one RTP packet per receiver (unless its encoder failed). */
    public void tick() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            ticks++;
            mixer.clear();
            for (Input in : inputList) {
                int len = in.buffer.poll(payload);
                in.audible = len > 0 && in.decoder.decode(payload, 0, len, in.pcm);
                if (in.audible) {
                    mixer.add(in.pcm);
                }
            }
            for (Receiver r : receiverList) {
                Input self = r.self;
                mixer.mixExcluding(self != null && self.audible ? self.pcm : null, r.mix);
                int n = r.encoder.encode(r.mix, r.opus);
                if (n <= 0) {
                    encodeErrors++;
                    r.packetizer.skipFrame(); // keep the timeline; the receiver conceals the gap
                    continue;
                }
                int len = r.packetizer.packetize(r.opus, 0, n, r.rtp, 0);
                try {
                    r.sink.onRtp(r.rtp, len);
                } catch (RuntimeException e) {
                    sinkErrors++;
                }
            }
        }
    }

    /** Refreshes the tick snapshots and each receiver's link to its own input. Caller holds the lock. */
    private void rebuild() {
        inputList = inputs.values().toArray(new Input[0]);
        receiverList = new Receiver[receivers.size()];
        int i = 0;
        for (Map.Entry<String, Receiver> e : receivers.entrySet()) {
            Receiver r = e.getValue();
            r.self = inputs.get(e.getKey());
            receiverList[i++] = r;
        }
    }

    /** The jitter buffer of an input, for its counters; null if there is no such input. */
    public AudioJitterBuffer inputBuffer(String participantId) {
        Input in = participantId == null ? null : inputs.get(participantId);
        return in == null ? null : in.buffer;
    }

    /** Payloads of an input that failed to decode (played as silence); -1 if there is no such input. */
    public long decodeErrors(String participantId) {
        synchronized (lock) {
            Input in = participantId == null ? null : inputs.get(participantId);
            return in == null ? -1 : in.decoder.errors();
        }
    }

    public long ticks() {
        synchronized (lock) {
            return ticks;
        }
    }

    public long sinkErrors() {
        synchronized (lock) {
            return sinkErrors;
        }
    }

    public long encodeErrors() {
        synchronized (lock) {
            return encodeErrors;
        }
    }

    /** Output samples clamped by the mixer so far. */
    public long clippedSamples() {
        synchronized (lock) {
            return mixer.clippedSamples();
        }
    }

    /** Frees every codec; later ticks do nothing and adds return false. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Input in : inputs.values()) {
                in.decoder.close();
            }
            for (Receiver r : receivers.values()) {
                r.encoder.close();
            }
            inputs.clear();
            receivers.clear();
            inputList = new Input[0];
            receiverList = new Receiver[0];
        }
    }

    private static final class Input {
        final AudioJitterBuffer buffer;
        final OpusDecoder decoder = new OpusDecoder();
        final short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
        /** Whether pcm holds this tick's decoded audio (and was added to the mix). */
        boolean audible;

        Input(AudioJitterBuffer buffer) {
            this.buffer = buffer;
        }
    }

    private static final class Receiver {
        final OpusEncoder encoder = new OpusEncoder();
        final OpusRtpPacketizer packetizer;
        final RtpSink sink;
        final short[] mix = new short[AudioFrames.FRAME_SAMPLES];
        final byte[] opus = new byte[AudioFrames.MAX_PAYLOAD];
        final byte[] rtp = new byte[RTP_BUFFER];
        /** The same participant's input, excluded from this mix; null if it sends no audio. */
        Input self;

        Receiver(OpusRtpPacketizer packetizer, RtpSink sink) {
            this.packetizer = packetizer;
            this.sink = sink;
        }
    }
}
