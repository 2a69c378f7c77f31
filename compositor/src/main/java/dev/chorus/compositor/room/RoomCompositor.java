package dev.chorus.compositor.room;

import dev.chorus.compositor.audio.AudioMixSession;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.media.rtp.Ssrcs;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.LayerParams;
import dev.chorus.media.sfu.LocalProducer;
import dev.chorus.media.sfu.MediaKind;
import dev.chorus.media.sfu.Producer;
import dev.chorus.media.sfu.ProducerParams;
import dev.chorus.media.sfu.ProducerTap;
import dev.chorus.media.sfu.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's MCU, as just another user of the media API: it taps every participant's video and audio
 * ({@link ProducerTap}), composes one grid and encodes it once per codec and quality
 * ({@link CompositeVideo}), mixes audio per participant without their own voice
 * ({@link AudioMixSession}), and publishes the results as {@link LocalProducer}s: a three-layer
 * composite per codec (VP8 always, H.264 once asked for) and one mix per participant. Who consumes
 * them is the caller's (signaling's) business.
 *
 * <p>Call from one control thread (the room's); methods may wait briefly for the media worker.
 */
public final class RoomCompositor {
    private static final Logger LOG = LoggerFactory.getLogger(RoomCompositor.class);
    static final int AUDIO_PAYLOAD_TYPE = 111;

    private final Router router;
    private final String roomId;
    private final CompositeVideo composite;
    /** The composite per codec it is encoded in; created on the control thread, read by stats() too. */
    private final Map<VideoCodec, CompositeEncoders> videos = new ConcurrentHashMap<>();
    private final AudioMixSession audio = new AudioMixSession();
    private final ScheduledExecutorService audioClock;
    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private String speaker;
    private boolean closed;

    /** One participant: their tile, their taps, their mix. */
    private static final class Member {
        final VideoInput input;
        ProducerTap videoTap;
        ProducerTap audioTap;
        LocalProducer mix;

        Member(VideoInput input) {
            this.input = input;
        }
    }

    private RoomCompositor(Router router, String roomId) {
        this.router = router;
        this.roomId = roomId;
        composite = new CompositeVideo(roomId);
        openVideo(VideoCodec.VP8, false);
        audioClock = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("mcu-audio-" + roomId).daemon(true).unstarted(r));
        audioClock.scheduleAtFixedRate(this::mixTick, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Starts the compositor of {@code router}'s room. */
    public static RoomCompositor start(Router router, String roomId) {
        RoomCompositor c = new RoomCompositor(router, roomId);
        LOG.info("room {}: compositor started", roomId);
        return c;
    }

    private void mixTick() {
        try {
            audio.tick();
        } catch (RuntimeException e) {
            LOG.error("room {}: audio mix tick failed", roomId, e);
        }
    }

    /** The codecs the composite can be sent in, preferred first, with the payload format each producer signals. */
    public static List<CodecParams> videoFormats() {
        return List.of(CompositeEncoders.format(VideoCodec.VP8), CompositeEncoders.format(VideoCodec.H264));
    }

    /** The VP8 composite receivers consume by default (layers 320x180, 640x360, 1280x720), always encoded. */
    public Producer videoProducer() {
        return videoProducer("VP8");
    }

    /**
     * The composite in {@code codec} ("VP8" or "H264", as in {@link #videoFormats()}), created on the
     * first call: the same composed frames and layers as every other codec's. VP8 is always encoded;
     * another codec's encoders run only while its producer has receivers (they start with the first
     * one and stop shortly after the last one is gone; the producer stays until {@link #close}). Null
     * for a codec the compositor does not encode, or once closed.
     */
    public Producer videoProducer(String codec) {
        VideoCodec c = VideoCodec.fromName(codec);
        if (c == null || closed) {
            return null;
        }
        CompositeEncoders e = videos.get(c);
        if (e == null) {
            e = openVideo(c, true);
        }
        return e.producer().producer();
    }

    private CompositeEncoders openVideo(VideoCodec codec, boolean onDemand) {
        long[] ssrcs = {Ssrcs.random(0), Ssrcs.random(0), Ssrcs.random(0)};
        String mid = codec == VideoCodec.VP8 ? "mcu-video" : "mcu-video-" + codec.name().toLowerCase(Locale.ROOT);
        ProducerParams params = new ProducerParams(mid, MediaKind.VIDEO, "composite",
                List.of(CompositeEncoders.format(codec)), Map.of(),
                List.of(new LayerParams("q", ssrcs[0], 0), new LayerParams("h", ssrcs[1], 0),
                        new LayerParams("f", ssrcs[2], 0)), false);
        AtomicReference<CompositeEncoders> target = new AtomicReference<>();
        LocalProducer lp = router.createLocalProducer(params, layer -> {
            CompositeEncoders e = target.get();
            if (e != null) {
                e.keyFrameWanted(layer);
            }
        }).join();
        CompositeEncoders e = new CompositeEncoders(roomId, codec, lp, ssrcs, onDemand);
        target.set(e);
        videos.put(codec, e);
        composite.post(() -> composite.add(e));
        return e;
    }

    /** Whether {@code p} is one of this compositor's outputs. */
    public boolean produced(Producer p) {
        for (CompositeEncoders e : videos.values()) {
            if (e.producer().producer() == p) {
                return true;
            }
        }
        for (Member m : members.values()) {
            if (m.mix != null && m.mix.producer() == p) {
                return true;
            }
        }
        return false;
    }

    /** {@code participantId}'s audio mix (everyone but them), or null if they are not a member. */
    public Producer mixFor(String participantId) {
        Member m = members.get(participantId);
        return m == null || m.mix == null ? null : m.mix.producer();
    }

    /** A participant joins the composite (a name card until their video decodes) and gets a mix. */
    public void addParticipant(String participantId, String name) {
        addParticipant(participantId, name, true);
    }

    /**
     * A participant joins the composite; with {@code receives} false (a publish-only WHIP client) it is
     * heard in everyone's mix but gets none of its own (nobody would receive it).
     */
    public void addParticipant(String participantId, String name, boolean receives) {
        if (closed || members.containsKey(participantId)) {
            return;
        }
        Member m = new Member(new VideoInput(participantId, name));
        m.mix = receives ? createMix(participantId) : null;
        members.put(participantId, m);
        m.input.setSpeaking(participantId.equals(speaker));
        composite.post(() -> composite.add(m.input));
    }

    /**
     * A listener (a WHEP viewer): a mix of everyone, but no tile in the composite (it publishes nothing).
     * Leaves with {@link #removeParticipant}.
     */
    public void addListener(String participantId) {
        if (closed || members.containsKey(participantId)) {
            return;
        }
        Member m = new Member(null);
        m.mix = createMix(participantId);
        members.put(participantId, m);
    }

    private LocalProducer createMix(String participantId) {
        long ssrc = Ssrcs.random(0);
        ProducerParams params = new ProducerParams("mcu-audio-" + participantId, MediaKind.AUDIO, "mix",
                List.of(new CodecParams(AUDIO_PAYLOAD_TYPE, "opus", 48000, 2, "minptime=10;useinbandfec=1", -1)),
                Map.of(), List.of(new LayerParams("", ssrc, 0)), false);
        LocalProducer mix = router.createLocalProducer(params, layer -> { }).join();
        audio.addReceiver(participantId, ssrc, AUDIO_PAYLOAD_TYPE, (rtp, len) -> mix.send(rtp, 0, len));
        return mix;
    }

    /** A participant leaves: their tile, taps and mix go. */
    public void removeParticipant(String participantId) {
        Member m = members.remove(participantId);
        if (m == null) {
            return;
        }
        if (m.input != null) {
            setVideoOf(m, null);
        }
        setAudioOf(participantId, m, null);
        audio.removeReceiver(participantId);
        if (m.mix != null) {
            m.mix.close().join();
        }
        if (m.input != null) {
            composite.post(() -> composite.remove(m.input));
        }
    }

    /** {@code participantId}'s camera (null: camera off, their name card shows). */
    public void setVideo(String participantId, Producer producer) {
        Member m = members.get(participantId);
        if (m != null && m.input != null) {
            setVideoOf(m, producer);
        }
    }

    /** {@code participantId}'s microphone (null: silent). */
    public void setAudio(String participantId, Producer producer) {
        Member m = members.get(participantId);
        if (m != null) {
            setAudioOf(participantId, m, producer);
        }
    }

    private void setVideoOf(Member m, Producer producer) {
        ProducerTap old = m.videoTap;
        if (old != null && old.producer() == producer) {
            return;
        }
        m.videoTap = null;
        if (old != null) {
            old.close().join();
            m.input.discardQueued(); // the old stream's leftovers; the new tap's packets come after
        }
        ProducerTap tap = null;
        String codec = "VP8";
        if (producer != null && !producer.isClosed() && decodable(producer)) {
            codec = producer.params().codecs().get(0).name();
            VideoInput in = m.input;
            // start low: the composite thread moves it to the layer that fits the tile
            tap = router.tap(producer, 0, (buf, off, len, at) -> in.offer(buf, off, len)).join();
        }
        m.videoTap = tap;
        ProducerTap t = tap;
        String c = codec;
        composite.post(() -> m.input.setTap(t, c));
    }

    /** Whether the composite can show {@code producer} (else its owner's name card shows). */
    private boolean decodable(Producer producer) {
        String codec = producer.params().codecs().get(0).name();
        if (VideoCodec.fromName(codec) != null) {
            return true;
        }
        LOG.warn("room {}: cannot decode {} video of producer {}; the name card shows instead", roomId, codec,
                producer.id());
        return false;
    }

    private void setAudioOf(String participantId, Member m, Producer producer) {
        ProducerTap old = m.audioTap;
        if (old != null && old.producer() == producer) {
            return;
        }
        m.audioTap = null;
        if (old != null) {
            old.close().join();
            audio.removeInput(participantId);
        }
        if (producer != null && !producer.isClosed()) {
            audio.addInput(participantId);
            m.audioTap = router.tap(producer, 0, (buf, off, len, at) -> audio.onRtp(participantId, buf, off, len))
                    .join();
        }
    }

    /** The dominant speaker (highlighted), or null. */
    public void setActiveSpeaker(String participantId) {
        speaker = participantId;
        for (Map.Entry<String, Member> e : members.entrySet()) {
            if (e.getValue().input != null) {
                e.getValue().input.setSpeaking(Objects.equals(e.getKey(), participantId));
            }
        }
    }

    /** Any thread. */
    public CompositorStats stats() {
        long dropped = 0;
        long now = System.nanoTime();
        List<CompositorStats.Input> inputs = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.input != null) {
                dropped += m.input.packetsDropped();
                inputs.add(m.input.stats(m.videoTap, now));
            }
        }
        List<String> encoding = new ArrayList<>();
        long refused = 0;
        for (VideoCodec c : VideoCodec.values()) {
            CompositeEncoders e = videos.get(c);
            if (e != null) {
                refused += e.producer().dropped();
                if (e.running()) {
                    encoding.add(c.name());
                }
            }
        }
        return new CompositorStats(members.size(), composite.frames(), composite.lastFrameCostNanos() / 1000,
                composite.maxFrameCostNanos() / 1000, composite.lateFrames(), composite.failedFrames(),
                composite.latency(), dropped, audio.ticks(), refused, encoding, inputs);
    }

    /** Stops everything: taps, threads, outputs (their consumers close with them). */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String id : List.copyOf(members.keySet())) {
            removeParticipant(id);
        }
        audioClock.shutdownNow();
        try {
            audioClock.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        audio.close();
        composite.stop();
        for (CompositeEncoders e : videos.values()) {
            e.producer().close().join();
        }
        LOG.info("room {}: compositor stopped", roomId);
    }
}
