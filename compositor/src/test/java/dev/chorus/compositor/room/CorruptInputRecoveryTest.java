package dev.chorus.compositor.room;

import static dev.chorus.compositor.room.TileProbe.describe;
import static dev.chorus.compositor.room.TileProbe.shows;
import static dev.chorus.compositor.room.TileProbe.tile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A participant's stream breaks (issue: "a decoder fed corrupt frames recovers (keyframe request)
 * without stopping the composite"). The broken frame also carries a colour change, and the camera
 * only sends keyframes when asked, so the new colour can reach the composite only through a keyframe
 * the compositor requested: until then the tile keeps its last good picture and the composite keeps
 * being produced.
 */
@Timeout(60)
class CorruptInputRecoveryTest {
    static final Yuv BEFORE = new Yuv(170, 70, 190);
    static final Yuv AFTER = new Yuv(70, 190, 100);
    static final Yuv OTHER = new Yuv(120, 160, 70);

    private final McuRoom room;
    private final RoomCompositor mcu;
    private final TestCamera alice;

    CorruptInputRecoveryTest() throws Exception {
        room = new McuRoom();
        mcu = room.compositor;
        mcu.addParticipant("alice", "Alice");
        mcu.addParticipant("bob", "Bob");
        alice = room.camera(BEFORE);
        mcu.setVideo("alice", alice.producer());
        mcu.setVideo("bob", room.camera(OTHER).producer());
    }

    @AfterEach
    void close() {
        room.close();
    }

    private I420Frame seen() {
        return room.viewer.picture();
    }

    private void awaitBothTiles(Yuv aliceColour) {
        room.pumpUntil(() -> shows(seen(), tile(2, 0), aliceColour) && shows(seen(), tile(2, 1), OTHER),
                "alice's tile " + aliceColour + " and bob's " + OTHER,
                () -> "alice " + describe(seen(), tile(2, 0)) + ", bob " + describe(seen(), tile(2, 1))
                        + ", keyframe requests to alice " + alice.keyFrameRequests.get());
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void theTileRecoversThroughAKeyFrameRequestWhileTheCompositeGoesOn(Corruption corruption) {
        awaitBothTiles(BEFORE);
        room.pump(10); // past the start's keyframe exchange
        int requests = alice.keyFrameRequests.get();
        int keyFrames = alice.keyFrames();

        alice.answersKeyFrameRequests = false; // for a while: the tile stays broken, the room must not
        alice.setColour(AFTER);
        alice.mangleNextFrame(corruption);
        room.pumpUntil(() -> alice.keyFrameRequests.get() > requests, "a keyframe request to alice",
                () -> "alice " + describe(seen(), tile(2, 0)));
        CompositorStats before = mcu.stats();
        long decoded = room.viewer.decoded();
        room.pump(30);
        CompositorStats after = mcu.stats();
        assertTrue(shows(seen(), tile(2, 0), BEFORE), "alice's last good picture stays: " + describe(seen(), tile(2, 0)));
        assertTrue(shows(seen(), tile(2, 1), OTHER), "bob's video goes on: " + describe(seen(), tile(2, 1)));
        assertTrue(after.frames() - before.frames() >= 3, (after.frames() - before.frames()) + " composites in 1 s");
        assertEquals(0, after.failedFrames(), "no composite frame failed");
        assertTrue(room.viewer.decoded() > decoded, "the viewer kept decoding the composite");
        assertEquals(0, room.viewer.decodeErrors(), "the composite itself was never broken");

        alice.answersKeyFrameRequests = true; // the compositor keeps asking: the next request is answered
        awaitBothTiles(AFTER);
        assertTrue(alice.keyFrames() > keyFrames, "alice's keyframe brought the tile back");
    }

    @Test
    void packetsThatAreNotRtpAreDroppedBeforeTheCompositor() {
        awaitBothTiles(BEFORE);
        for (int i = 0; i < 50; i++) {
            alice.send(new byte[] {1, 2, 3, (byte) i});
        }
        alice.setColour(AFTER);
        awaitBothTiles(AFTER); // delta frames carry the change: nothing broke, no keyframe needed
    }
}
