package dev.chorus.media.sfu;

import dev.chorus.media.rtcp.ReportBlock;
import dev.chorus.media.rtcp.RtcpWriter;
import dev.chorus.media.stream.NtpTime;
import dev.chorus.media.util.PacketBuffer;

/**
 * The server's own RTCP on one transport: receiver reports and NACKs for what the peer publishes,
 * sender reports for what we send it. Reports go out about once a second (RFC 3550 §6.2 allows
 * that at our rates); NACKs on every tick so losses are repaired quickly.
 */
final class RtcpReporter {
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final String CNAME = "chorus";

    private final WebRtcTransport transport;
    private final ReportBlock[] blocks = new ReportBlock[31];
    private final int[] nackSeqs = new int[256];
    private long nextReport;

    RtcpReporter(WebRtcTransport transport) {
        this.transport = transport;
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new ReportBlock();
        }
    }

    void onTick(long now) {
        sendNacks(now);
        if (now - nextReport >= 0) {
            nextReport = now + REPORT_INTERVAL_NANOS;
            sendReceiverReport(now);
            sendSenderReports(now);
        }
    }

    private void sendNacks(long now) {
        PacketBuffer out = transport.rtcpOut();
        for (Producer p : transport.producers()) {
            for (int i = 0; i < p.layerCount(); i++) {
                ProducerLayer l = p.layer(i);
                if (l.stream() == null || l.cache == null) {
                    continue; // audio: Opus conceals loss, browsers do not negotiate NACK for it
                }
                int n = l.stream().collectNacks(now, nackSeqs);
                if (n > 0) {
                    int len = RtcpWriter.writeNack(out.getBuffer(), 0, transport.rtcpSsrc(), l.ssrc, nackSeqs, n);
                    out.setOffsetLength(0, len);
                    transport.sendRtcp(out);
                }
            }
        }
    }

    private void sendReceiverReport(long now) {
        int count = 0;
        for (Producer p : transport.producers()) {
            for (int i = 0; i < p.layerCount() && count < blocks.length; i++) {
                ProducerLayer l = p.layer(i);
                if (l.stream() != null && l.stream().fillReportBlock(blocks[count], now)) {
                    count++;
                }
            }
        }
        PacketBuffer out = transport.rtcpOut();
        int len = RtcpWriter.writeReceiverReport(out.getBuffer(), 0, transport.rtcpSsrc(), blocks, count);
        len += RtcpWriter.writeSdesCname(out.getBuffer(), len, transport.rtcpSsrc(), CNAME);
        out.setOffsetLength(0, len);
        transport.sendRtcp(out);
    }

    private void sendSenderReports(long now) {
        long ntp = NtpTime.nowNtp();
        PacketBuffer out = transport.rtcpOut();
        for (Consumer c : transport.consumers()) {
            var s = c.sendStream();
            if (s.packetCount() == 0) {
                continue;
            }
            int len = RtcpWriter.writeSenderReport(out.getBuffer(), 0, c.ssrc(), ntp, s.rtpTimestampAt(now),
                    s.packetCount(), s.octetCount());
            len += RtcpWriter.writeSdesCname(out.getBuffer(), len, c.ssrc(), CNAME);
            out.setOffsetLength(0, len);
            transport.sendRtcp(out);
        }
    }
}
