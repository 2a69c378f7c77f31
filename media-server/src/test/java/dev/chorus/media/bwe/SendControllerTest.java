package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.util.PacketBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The socket-free send path the server's transports and the link simulator share. */
class SendControllerTest {
    private static final long MS = 1_000_000L;
    private static final int TCC = 3;

    /** A 1200-byte RTP packet with an empty transport-wide sequence number element. */
    private static PacketBuffer packet(int seq) {
        byte[] b = new byte[1200];
        b[0] = (byte) 0x90;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        b[12] = (byte) 0xBE;
        b[13] = (byte) 0xDE;
        b[15] = 1;
        b[16] = (byte) (TCC << 4 | 1);
        PacketBuffer p = new PacketBuffer();
        p.set(b, 0, b.length);
        return p;
    }

    @Test
    void stampsTransportSequenceNumbersInPacingOrderAndCapsRetransmissions() {
        List<Integer> stamped = new ArrayList<>();
        List<Integer> rtpSeqs = new ArrayList<>();
        RtpPacket view = new RtpPacket();
        SendController s = new SendController(BweConfig.DEFAULT, new SendController.Output() {
            @Override
            public void transmit(PacketBuffer p, long nowNanos) {
                assertTrue(view.wrap(p.getBuffer(), p.getOffset(), p.getLength()));
                stamped.add(view.extensionU16(TCC));
                rtpSeqs.add(view.sequenceNumber());
            }

            @Override
            public int writePadding(byte[] buf, int padding, int tccExtId) {
                return -1; // nothing can carry padding
            }
        });
        s.setSendExtensionId(TCC);
        for (int i = 0; i < 20; i++) {
            assertTrue(s.send(packet(100 + i), Pacer.PRIORITY_VIDEO, 0));
        }
        for (long t = 0; t <= 200 * MS; t += 2 * MS) {
            s.onPace(t);
        }
        assertEquals(20, stamped.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, stamped.get(i));
            assertEquals(100 + i, rtpSeqs.get(i));
        }
        // retransmissions: at most half the target (1 Mbit/s at start) over a second
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (s.send(packet(500 + i), Pacer.PRIORITY_RETRANSMISSION, 300 * MS)) {
                accepted++;
            }
        }
        assertTrue(accepted > 0 && accepted < 100, "accepted " + accepted);
        assertEquals(100 - accepted, s.retransmissionsDropped());
        assertFalse(s.send(packet(1), 9, 300 * MS)); // unknown priority: refused by the pacer
    }
}
