package dev.chorus.media.sim;

import dev.chorus.media.bwe.TccFeedbackGenerator;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.SeqUnwrapper;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.stream.NackGenerator;
import dev.chorus.media.util.Bytes;
import java.util.Arrays;

/**
 * The receiving browser, modelled: transport-wide CC feedback from arrival times (the real
 * {@link TccFeedbackGenerator}, on a clock of its own), NACKs for missing video packets (the real
 * {@link NackGenerator}: 10 tries, 1 s), PLIs from the {@link VideoPlayout}, and a receiver report with
 * the fraction lost for each sender report (answered at once, so the server's RTT is the real round
 * trip through the queue). Everything it sends goes back over an uncongested path.
 */
final class ReceiverSide {
    /** What the receiver sends back. */
    sealed interface Feedback permits Tcc, Nack, Pli, Report {
    }

    record Tcc(byte[] rtcp) implements Feedback {
    }

    record Nack(int[] seqs) implements Feedback {
    }

    record Pli() implements Feedback {
    }

    /** A receiver report for the sender report sent at {@code srSentNanos} (DLSR 0). */
    record Report(int fractionLost, long srSentNanos) implements Feedback {
    }

    /** The receiver's clock is unrelated to the server's: only differences may matter. */
    static final long CLOCK_OFFSET_NANOS = 777_000_000_000L + 123_457;
    private static final long NACK_INTERVAL_NANOS = 5_000_000L;
    /** How often the receiver reports its freeze count (the web client's client-stats period). */
    static final long RENDER_REPORT_INTERVAL_NANOS = 5_000_000_000L;

    private final DelayLine<Feedback> back;
    private final DelayLine<Long> renderReports;
    private final BottleneckLink link;
    private final VideoPlayout playout;
    private final TccFeedbackGenerator tcc = new TccFeedbackGenerator();
    private final NackGenerator nacks = new NackGenerator();
    private final SeqUnwrapper videoSeq = new SeqUnwrapper();
    private final RtpPacket view = new RtpPacket();
    private final byte[] rtcp = new byte[1500];
    private final int[] nackOut = new int[64];
    private long nextNack;
    private long nextRenderReport = RENDER_REPORT_INTERVAL_NANOS;
    private long lastGivenUp;
    private long highestExt = Long.MIN_VALUE;
    private long reportedHighest = Long.MIN_VALUE;
    private long receivedSinceReport;

    private long mediaBytes;
    private long paddingBytes;
    private long plisSent;
    private long nacksSent;

    /**
     * @param renderReports where the receiver's freeze-count reports go (their own channel: the web
     *                      client sends them over the signaling socket, not RTCP)
     */
    ReceiverSide(FrameRegistry registry, BottleneckLink link, DelayLine<Feedback> back, DelayLine<Long> renderReports) {
        this.back = back;
        this.renderReports = renderReports;
        this.link = link;
        this.playout = new VideoPlayout(registry);
    }

    /** A datagram arrived (at {@code p.arrivalNanos}). */
    void onPacket(SimPacket p) {
        long at = p.arrivalNanos;
        if (p.senderReport) {
            back.add(new Report(fractionLost(), p.sentNanos), at + link.propagationNanos(at));
            return;
        }
        if (p.tccSeq >= 0) {
            tcc.onPacket(p.tccSeq, at + CLOCK_OFFSET_NANOS);
        }
        if (p.padding) {
            paddingBytes += p.size;
            return;
        }
        mediaBytes += p.size;
        if (p.ssrc == ServerSide.AUDIO_OUT_SSRC || !view.wrap(p.head, 0, p.headLength)) {
            return;
        }
        int off = view.payloadOffset();
        int seq = view.sequenceNumber();
        if (p.ssrc == ServerSide.RTX_OUT_SSRC) {
            seq = Bytes.u16(p.head, off); // the original sequence number, then the original payload
            off += 2;
        } else if (p.ssrc != ServerSide.VIDEO_OUT_SSRC) {
            return;
        }
        long ext = videoSeq.unwrap(seq);
        nacks.onPacket(ext, at);
        if (p.ssrc == ServerSide.VIDEO_OUT_SSRC) {
            receivedSinceReport++;
            highestExt = Math.max(highestExt, ext);
        }
        int len = p.headLength - off;
        int d = Vp8PayloadDescriptor.descriptorLength(p.head, off, len);
        if (d < 0 || len < d + Publisher.TAG_BYTES) {
            return;
        }
        int pictureId = Vp8PayloadDescriptor.pictureId(p.head, off, len);
        int tag = off + d;
        playout.onPacket(pictureId, p.head[tag + 1], (int) Bytes.u32(p.head, tag + 2), Bytes.u16(p.head, tag + 6), at);
    }

    /** RR fraction lost (0..255) of the video stream since the last report. */
    private int fractionLost() {
        if (highestExt == Long.MIN_VALUE) {
            return 0;
        }
        long expected = reportedHighest == Long.MIN_VALUE ? receivedSinceReport : highestExt - reportedHighest;
        long lost = Math.max(0, expected - receivedSinceReport);
        reportedHighest = highestExt;
        receivedSinceReport = 0;
        return expected <= 0 ? 0 : (int) Math.min(255, lost * 256 / expected);
    }

    /** The receiver's timers, at {@code now}. */
    void tick(long now) {
        long returnDelay = link.propagationNanos(now);
        long local = now + CLOCK_OFFSET_NANOS;
        while (tcc.due(local)) {
            int n = tcc.write(rtcp, 0, 1, 2, local);
            if (n == 0) {
                break;
            }
            back.add(new Tcc(Arrays.copyOf(rtcp, n)), now + returnDelay);
        }
        if (now >= nextNack) {
            nextNack = now + NACK_INTERVAL_NANOS;
            int n = nacks.collectNacks(now, nackOut);
            if (n > 0) {
                nacksSent += n;
                back.add(new Nack(Arrays.copyOf(nackOut, n)), now + returnDelay);
            }
            if (nacks.givenUpCount() > lastGivenUp || nacks.takeKeyframeRequest()) {
                lastGivenUp = nacks.givenUpCount();
                playout.onLossGivenUp();
            }
        }
        if (now >= nextRenderReport) {
            nextRenderReport += RENDER_REPORT_INTERVAL_NANOS;
            renderReports.add((long) playout.freezes().freezeCount(), now + returnDelay);
        }
        if (playout.pliDue(now)) {
            plisSent++;
            back.add(new Pli(), now + returnDelay);
        }
    }

    VideoPlayout playout() {
        return playout;
    }

    /** Media bytes received (video, audio, retransmissions; not probe padding). */
    long mediaBytes() {
        return mediaBytes;
    }

    long paddingBytes() {
        return paddingBytes;
    }

    long plisSent() {
        return plisSent;
    }

    long nacksSent() {
        return nacksSent;
    }
}
