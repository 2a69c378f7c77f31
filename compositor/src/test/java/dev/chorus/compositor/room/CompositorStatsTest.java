package dev.chorus.compositor.room;

import static dev.chorus.compositor.room.TileProbe.describe;
import static dev.chorus.compositor.room.TileProbe.shows;
import static dev.chorus.compositor.room.TileProbe.showsCard;
import static dev.chorus.compositor.room.TileProbe.tile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link RoomCompositor#stats()} says about a running room. */
@Timeout(60)
class CompositorStatsTest {
    static final Yuv ORANGE = new Yuv(170, 70, 190);
    private final McuRoom room;
    private final RoomCompositor mcu;

    CompositorStatsTest() throws Exception {
        room = new McuRoom();
        mcu = room.compositor;
    }

    @AfterEach
    void close() {
        room.close();
    }

    private I420Frame seen() {
        return room.viewer.picture();
    }

    @Test
    void latencyIsCountedOncePerInputPictureInPlausibleUnits() {
        mcu.addParticipant("alice", "Alice");
        mcu.addParticipant("bob", "Bob");
        TestCamera cam = room.camera(ORANGE);
        cam.everyNthTick = 6; // 5 fps into a 30 fps composite: most composites contain no new picture
        mcu.setVideo("alice", cam.producer());
        room.pumpUntil(() -> shows(seen(), tile(2, 0), ORANGE), "alice's video", () -> describe(seen(), tile(2, 0)));
        CompositorStats before = mcu.stats();
        int sent = cam.frames();
        room.pump(120);
        CompositorStats after = mcu.stats();
        long pictures = after.latency().pictures() - before.latency().pictures();
        long camFrames = cam.frames() - sent;
        long composites = after.frames() - before.frames();
        assertTrue(composites > camFrames + 1, "precondition: " + composites + " composites, " + camFrames
                + " camera frames (the composite thread starved?)");
        // once per picture, not per composite; a picture replaced before the next composite is not counted
        assertTrue(pictures <= camFrames + 1 && pictures >= camFrames / 2,
                pictures + " pictures counted for " + camFrames + " camera frames in " + composites + " composites");
        CompositorStats.Latency l = after.latency();
        assertTrue(l.p50Micros() <= l.p95Micros() && l.p95Micros() <= l.maxMicros() && l.lastMicros() <= l.maxMicros(),
                l.toString());
        // at least three encodes (so not 0 or in the wrong unit), at most a second (not from some epoch)
        assertTrue(l.p50Micros() >= 1_000 && l.p50Micros() <= 1_000_000, l.toString());
        assertEquals(0, after.failedFrames());
        assertEquals(2, after.members());
    }

    @Test
    void nameCardsAloneHaveNoLatency() {
        mcu.addParticipant("alice", "Alice");
        room.pumpUntil(() -> showsCard(seen(), tile(1, 0), "alice", "Alice") && mcu.stats().frames() > 30,
                "alice's card", () -> "");
        assertEquals(new CompositorStats.Latency(0, 0, 0, 0, 0), mcu.stats().latency());
    }

    @Test
    void aCameraInACodecTheCompositorCannotDecodeShowsTheNameCardAndBreaksNothing() {
        mcu.addParticipant("alice", "Alice");
        mcu.addParticipant("vera", "Vera");
        mcu.setVideo("alice", room.camera(ORANGE).producer());
        mcu.setVideo("vera", room.camera(new Yuv(70, 190, 100), "VP9").producer());
        room.pumpUntil(() -> shows(seen(), tile(2, 0), ORANGE) && showsCard(seen(), tile(2, 1), "vera", "Vera"),
                "alice's video and vera's card", () -> "alice " + describe(seen(), tile(2, 0)));
        long frames = mcu.stats().frames();
        room.pump(30);
        assertTrue(mcu.stats().frames() > frames);
        assertEquals(0, mcu.stats().failedFrames(), "no composite frame failed");
    }

    @Test
    void eachMembersInputSaysWhatItReceivesAndHowFreshItsPictureIs() {
        mcu.addParticipant("alice", "Alice");
        mcu.addParticipant("bob", "Bob");
        TestCamera cam = room.camera(ORANGE);
        mcu.setVideo("alice", cam.producer());
        room.pumpUntil(() -> shows(seen(), tile(2, 0), ORANGE), "alice's video", () -> describe(seen(), tile(2, 0)));
        room.pump(10);
        CompositorStats.Input alice = input("alice");
        assertEquals("Alice", alice.name());
        assertEquals(0, alice.layerWanted(), "a single-stream camera has one layer");
        assertEquals(0, alice.layerReceived());
        assertTrue(alice.packets() > 0 && alice.pictures() > 0, alice.toString());
        assertTrue(alice.lastPictureAgeMillis() >= 0 && alice.lastPictureAgeMillis() < 1000, alice.toString());
        CompositorStats.Input bob = input("bob");
        assertEquals(new CompositorStats.Input("bob", "Bob", -1, -1, 0, 0, 0, 0, -1), bob, "no camera: nothing");

        cam.everyNthTick = Integer.MAX_VALUE; // the camera stops: the picture stays and ages
        room.pump(5); // what was in flight
        long pictures = input("alice").pictures();
        room.pump(45);
        CompositorStats.Input stopped = input("alice");
        assertEquals(pictures, stopped.pictures());
        assertTrue(stopped.lastPictureAgeMillis() >= 1000, stopped.toString());
    }

    private CompositorStats.Input input(String id) {
        return mcu.stats().inputs().stream().filter(i -> i.participantId().equals(id)).findFirst().orElseThrow();
    }
}
