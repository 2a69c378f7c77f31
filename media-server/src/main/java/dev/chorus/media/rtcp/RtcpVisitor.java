package dev.chorus.media.rtcp;

/**
 * Callbacks from {@link RtcpParser}. All SSRCs and 32-bit fields are unsigned values in a long.
 * Buffers passed in are the parser's input and only valid for the duration of the call.
 * Every method defaults to a no-op so implementations override only what they use.
 */
public interface RtcpVisitor {
    default void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount) {
    }

    default void onReceiverReport(long ssrc) {
    }

    /** One per report block of an SR or RR; {@code cumulativeLost} is sign-extended from 24 bits. */
    default void onReportBlock(long reporterSsrc, long sourceSsrc, int fractionLost, int cumulativeLost,
                               long extHighestSeq, long jitter, long lastSr, long delaySinceLastSr) {
    }

    /** CNAME item text is {@code buf[off, off+len)} (UTF-8). */
    default void onSdesCname(long ssrc, byte[] buf, int off, int len) {
    }

    default void onBye(long ssrc) {
    }

    /** One call per generic NACK FCI entry (RFC 4585 6.2.1). */
    default void onNack(long senderSsrc, long mediaSsrc, int pid, int blp) {
    }

    default void onPli(long senderSsrc, long mediaSsrc) {
    }

    /** One call per FIR FCI entry (RFC 5104 4.3.1); {@code mediaSsrc} is the FCI's SSRC. */
    default void onFir(long senderSsrc, long mediaSsrc, int seqNr) {
    }

    /** REMB (draft-alvestrand-rmcat-remb): {@code numSsrcs} SSRCs, 4 bytes each, at {@code buf[ssrcsOff]}. */
    default void onRemb(long senderSsrc, long bitrateBps, int numSsrcs, byte[] buf, int ssrcsOff) {
    }

    /** Transport-wide CC feedback; the FCI (from base sequence number on) is {@code buf[fciOff, fciOff+fciLen)}. */
    default void onTransportCc(long senderSsrc, long mediaSsrc, byte[] buf, int fciOff, int fciLen) {
    }

    /** APP packets and feedback formats this parser does not decode. */
    default void onUnknown(int packetType, int fmt) {
    }
}
