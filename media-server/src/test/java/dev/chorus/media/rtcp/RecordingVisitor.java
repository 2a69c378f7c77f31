package dev.chorus.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test visitor that records each callback as a readable string. */
final class RecordingVisitor implements RtcpVisitor {
    final List<String> events = new ArrayList<>();
    final List<Long> rembSsrcs = new ArrayList<>();

    @Override
    public void onSenderReport(long ssrc, long ntp, long rtpTs, long pc, long oc) {
        events.add("SR " + ssrc + " " + Long.toHexString(ntp) + " " + rtpTs + " " + pc + " " + oc);
    }

    @Override
    public void onReceiverReport(long ssrc) {
        events.add("RR " + ssrc);
    }

    @Override
    public void onReportBlock(long reporter, long source, int fl, int cl, long ehs, long j, long lsr, long dlsr) {
        events.add("RB " + reporter + " " + source + " " + fl + " " + cl + " " + ehs + " " + j + " "
                + Long.toHexString(lsr) + " " + Long.toHexString(dlsr));
    }

    @Override
    public void onSdesCname(long ssrc, byte[] buf, int off, int len) {
        events.add("CNAME " + ssrc + " " + new String(buf, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void onBye(long ssrc) {
        events.add("BYE " + ssrc);
    }

    @Override
    public void onNack(long sender, long media, int pid, int blp) {
        events.add("NACK " + sender + " " + media + " " + pid + " " + Integer.toHexString(blp));
    }

    @Override
    public void onPli(long sender, long media) {
        events.add("PLI " + sender + " " + media);
    }

    @Override
    public void onFir(long sender, long media, int seqNr) {
        events.add("FIR " + sender + " " + media + " " + seqNr);
    }

    @Override
    public void onRemb(long sender, long bitrate, int num, byte[] buf, int off) {
        events.add("REMB " + sender + " " + bitrate + " " + num);
        for (int i = 0; i < num; i++) {
            int p = off + 4 * i;
            rembSsrcs.add(((long) (buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16)
                    | ((buf[p + 2] & 0xff) << 8) | (buf[p + 3] & 0xff));
        }
    }

    @Override
    public void onTransportCc(long sender, long media, byte[] buf, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.append(String.format("%02x", buf[off + i] & 0xff));
        }
        events.add("TCC " + sender + " " + media + " " + sb);
    }

    @Override
    public void onUnknown(int pt, int fmt) {
        events.add("UNKNOWN " + pt + " " + fmt);
    }
}
