package dev.chorus.compositor.rtp;

import static org.junit.jupiter.api.Assertions.*;

import dev.chorus.compositor.encode.EncodedFrame;
import dev.chorus.compositor.rtp.RtpPackets.Pkt;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264PacketizerTest {
    /** An Annex-B access unit of NAL units with the given header bytes and sizes. */
    static EncodedFrame accessUnit(int[] headers, int[] sizes, boolean fourByteStartCodes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < headers.length; i++) {
            out.writeBytes(fourByteStartCodes ? new byte[] {0, 0, 0, 1} : new byte[] {0, 0, 1});
            out.write(headers[i]);
            for (int k = 1; k < sizes[i]; k++) {
                out.write(0x80 | (k & 0x7f)); // never 0, so no start code emulation
            }
        }
        EncodedFrame f = new EncodedFrame();
        byte[] b = out.toByteArray();
        f.set(b, 0, b.length, true, 9000);
        return f;
    }

    @Test
    void parameterSetsAggregateSmallUnitsAloneLargeOnesFragment() {
        H264Packetizer p = new H264Packetizer(5, 102, 100, 1000);
        EncodedFrame au = accessUnit(new int[] {0x67, 0x68, 0x65}, new int[] {12, 5, 2500}, true);
        List<Pkt> pkts = RtpPackets.packetize(p, au);
        assertEquals(1 + 3, pkts.size(), "STAP-A + 3 FU-A");
        byte[] stap = pkts.get(0).bytes();
        assertEquals(0x78, stap[12] & 0xff, "STAP-A with NRI 3");
        assertEquals(12, ((stap[13] & 0xff) << 8) | (stap[14] & 0xff));
        assertEquals(0x67, stap[15] & 0xff);
        assertEquals(5, ((stap[27] & 0xff) << 8) | (stap[28] & 0xff));
        assertEquals(0x68, stap[29] & 0xff);
        assertEquals(12 + 1 + 2 + 12 + 2 + 5, stap.length);
        int body = 0;
        for (int i = 1; i < 4; i++) {
            byte[] fu = pkts.get(i).bytes();
            assertTrue(fu.length - 12 <= 1000);
            assertEquals(0x7C, fu[12] & 0xff, "FU indicator: NRI 3, type 28");
            int expectHeader = (i == 1 ? 0x80 : 0) | (i == 3 ? 0x40 : 0) | 5;
            assertEquals(expectHeader, fu[13] & 0xff);
            assertEquals(i == 3, RtpPackets.marker(fu));
            assertEquals(100 + i, RtpPackets.seq(fu));
            body += fu.length - 14;
        }
        assertEquals(2499, body, "the NAL header is not repeated in the fragments");
        assertFalse(RtpPackets.marker(stap));
    }

    @Test
    void singleNalUnitsAndRoundTripThroughTheDepacketizer() {
        H264Packetizer p = new H264Packetizer(5, 102, 65_534, 300);
        EncodedFrame au = accessUnit(new int[] {0x09, 0x06, 0x41, 0x41}, new int[] {2, 200, 290, 900}, false);
        List<Pkt> pkts = RtpPackets.packetize(p, au);
        assertEquals(0x18, pkts.get(0).bytes()[12] & 0x1f, "AUD + SEI aggregated");
        assertEquals(0x41, pkts.get(1).bytes()[12] & 0xff, "290-byte slice alone");
        List<byte[]> frames = new ArrayList<>();
        H264Depacketizer d = new H264Depacketizer(f -> frames.add(Arrays.copyOf(f.data(), f.length())));
        pkts.forEach(x -> RtpPackets.push(d, x));
        assertEquals(0, frames.size(), "no IDR: a delta access unit before any keyframe is dropped");
        assertEquals(1, d.framesDropped());
        // The same access unit with 4-byte start codes and an IDR is output byte-identical.
        EncodedFrame key = accessUnit(new int[] {0x67, 0x68, 0x65}, new int[] {10, 4, 700}, true);
        key.setTimestamp(12_000);
        RtpPackets.packetize(p, key).forEach(x -> RtpPackets.push(d, x));
        assertEquals(1, frames.size());
        assertArrayEquals(Arrays.copyOf(key.data(), key.length()), frames.get(0));
        assertFalse(d.needsKeyFrame());
    }

    @Test
    void inputWithoutStartCodeOrEmptySendsNothing() {
        H264Packetizer p = new H264Packetizer(5, 102);
        EncodedFrame f = new EncodedFrame();
        f.set(new byte[] {1, 2, 3, 4, 5}, 0, 5, false, 0);
        assertEquals(0, p.packetize(f, (b, l, k) -> fail()));
        f.set(new byte[] {0, 0, 1, 0, 0, 0}, 0, 6, false, 0);
        assertEquals(0, p.packetize(f, (b, l, k) -> fail()));
        assertEquals(0, p.packetize(null, (b, l, k) -> fail()));
    }
}
