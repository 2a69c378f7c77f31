package dev.chorus.compositor.room;

import static dev.chorus.compositor.room.TileProbe.describe;
import static dev.chorus.compositor.room.TileProbe.shows;
import static dev.chorus.compositor.room.TileProbe.showsCard;
import static dev.chorus.compositor.room.TileProbe.tile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.overlay.Yuv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room's compositor end to end in-process: participants' cameras are local VP8 producers on a real
 * router, and the composite is read back like a receiver would (a tap on its 1280x720 layer,
 * depacketized and decoded), so each assertion is about what a viewer sees.
 */
@Timeout(90)
class RoomCompositorTest {
    static final Yuv ORANGE = new Yuv(170, 70, 190);
    static final Yuv TEAL = new Yuv(120, 160, 70);

    private final McuRoom room;
    private final RoomCompositor mcu;

    RoomCompositorTest() throws Exception {
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
    void tilesShowVideoOrTheNameCardAndRelayOutWhenSomeoneLeaves() {
        mcu.addParticipant("alice", "Alice Liddell");
        mcu.addParticipant("bob", "Bob");
        mcu.addParticipant("carol", "Carol");
        mcu.setVideo("alice", room.camera(ORANGE).producer());
        mcu.setVideo("carol", room.camera(TEAL).producer());
        // three tiles: two on top, one centred below; bob has no camera
        room.pumpUntil(() -> shows(seen(), tile(3, 0), ORANGE) && shows(seen(), tile(3, 2), TEAL)
                        && showsCard(seen(), tile(3, 1), "bob", "Bob"),
                "alice's and carol's video, bob's card",
                () -> "alice " + describe(seen(), tile(3, 0)) + ", bob card distance "
                        + TileProbe.cardDistance(seen(), tile(3, 1), "bob", "Bob") + ", carol "
                        + describe(seen(), tile(3, 2)));
        assertEquals(1280, seen().width());
        assertEquals(720, seen().height());
        assertEquals(3, mcu.stats().members());

        mcu.removeParticipant("bob");
        room.pumpUntil(() -> shows(seen(), tile(2, 0), ORANGE) && shows(seen(), tile(2, 1), TEAL),
                "two tiles side by side: alice, carol",
                () -> "alice " + describe(seen(), tile(2, 0)) + ", carol " + describe(seen(), tile(2, 1)));
        assertEquals(2, mcu.stats().members());

        mcu.setVideo("alice", null); // camera off: her card replaces the last picture
        room.pumpUntil(() -> showsCard(seen(), tile(2, 0), "alice", "Alice Liddell") && shows(seen(), tile(2, 1), TEAL),
                "alice's card", () -> "card distance " + TileProbe.cardDistance(seen(), tile(2, 0), "alice",
                        "Alice Liddell"));
    }

    @Test
    void aCameraThatStartsLateReplacesTheNameCard() {
        mcu.addParticipant("alice", "Alice");
        mcu.addParticipant("bob", "Bob");
        room.pumpUntil(() -> showsCard(seen(), tile(2, 0), "alice", "Alice") && showsCard(seen(), tile(2, 1), "bob", "Bob"),
                "two name cards", () -> "distances " + TileProbe.cardDistance(seen(), tile(2, 0), "alice", "Alice")
                        + " " + TileProbe.cardDistance(seen(), tile(2, 1), "bob", "Bob"));
        mcu.setVideo("bob", room.camera(TEAL).producer());
        room.pumpUntil(() -> shows(seen(), tile(2, 1), TEAL) && showsCard(seen(), tile(2, 0), "alice", "Alice"),
                "bob's video", () -> "bob " + describe(seen(), tile(2, 1)));
        long frames = mcu.stats().frames();
        room.pump(15);
        assertTrue(mcu.stats().frames() > frames, "the composite keeps running");
    }

    @Test
    void aNewCamerasFirstFramesAreNotThrownAway() {
        mcu.addParticipant("alice", "Alice");
        room.pump(3);
        TestCamera cam = room.camera(ORANGE);
        cam.answersKeyFrameRequests = false; // its first frame is the only keyframe it will ever send
        mcu.setVideo("alice", cam.producer());
        room.pumpUntil(() -> shows(seen(), tile(1, 0), ORANGE), "alice's video from her first keyframe",
                () -> "alice " + describe(seen(), tile(1, 0)) + ", keyframe requests " + cam.keyFrameRequests.get());
    }

    /** A publish-only participant (WHIP) gets a tile but no mix of its own: nobody would receive it. */
    @Test
    void aPublishOnlyParticipantGetsATileButNoMix() {
        mcu.addParticipant("whip", "OBS", false);
        mcu.addParticipant("bob", "Bob");
        assertNull(mcu.mixFor("whip"));
        assertNotNull(mcu.mixFor("bob"));
        room.pumpUntil(() -> showsCard(seen(), tile(2, 0), "whip", "OBS"), "the publisher's name card",
                () -> "distance " + TileProbe.cardDistance(seen(), tile(2, 0), "whip", "OBS"));
        mcu.removeParticipant("whip");
        assertNotNull(mcu.mixFor("bob"));
    }
}
