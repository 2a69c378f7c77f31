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
}
