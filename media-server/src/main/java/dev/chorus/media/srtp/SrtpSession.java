package dev.chorus.media.srtp;

import dev.chorus.media.util.Bytes;
import dev.chorus.media.util.LongObjectMap;
import dev.chorus.media.util.PacketBuffer;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP for one DTLS association: crypto contexts per SSRC and direction, created on first use
 * and capped so a peer cannot make us hold unbounded state. An inbound context is kept only once a
 * packet on it authenticates, so junk with random SSRCs cannot use up the cap. Owned by one media thread.
 */
public final class SrtpSession implements AutoCloseable {
    /** More SSRCs than any sane peer uses on one transport (audio, 3 simulcast layers + RTX, screen). */
    static final int MAX_SSRCS = 64;

    /**
     * The AES implementation, pinned before the first context is made. Left alone, jitsi-srtp
     * times its factories once, cold, and the pick between OpenSSL and SunJCE for AES-CTR flips
     * from run to run; SunJCE then copies every packet it en/decrypts in place (~1.2 KB garbage per
     * packet per direction, see docs/BENCHMARKS.md). {@code -Dchorus.srtp.aes=OpenSSL|SunJCE|BouncyCastle}
     * overrides; "auto" restores jitsi-srtp's own benchmark.
     */
    public static final String AES_FACTORY;

    static {
        String want = System.getProperty("chorus.srtp.aes", "");
        if (want.isEmpty()) {
            want = JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE";
        }
        if (!want.equalsIgnoreCase("auto")) {
            Aes.setFactoryClassName(want);
        }
        AES_FACTORY = want;
    }

    private final SrtpContextFactory sender;
    private final SrtpContextFactory receiver;
    private final SrtpProfile profile;
    private final LongObjectMap<SrtpCryptoContext> rtpOut = new LongObjectMap<>();
    private final LongObjectMap<SrtpCryptoContext> rtpIn = new LongObjectMap<>();
    private final LongObjectMap<SrtcpCryptoContext> rtcpOut = new LongObjectMap<>();
    private final LongObjectMap<SrtcpCryptoContext> rtcpIn = new LongObjectMap<>();

    public SrtpSession(SrtpKeys keys) {
        this(keys, true);
    }

    /**
     * @param receiveReplayProtection {@code false} turns off the RFC 3711 §3.3.2 replay check on
     *     decryption. Only for benchmarks and tests that decrypt a fixed ring of packets more than
     *     once; a real transport must use {@link #SrtpSession(SrtpKeys)}.
     */
    public SrtpSession(SrtpKeys keys, boolean receiveReplayProtection) {
        this.profile = keys.profile();
        LoggerImpl log = new LoggerImpl(SrtpSession.class.getName());
        SrtpPolicy outPolicy = keys.profile().policy();
        // NACK answers resend packets we already protected once
        outPolicy.setSendReplayEnabled(false);
        SrtpPolicy outRtcpPolicy = keys.profile().policy();
        outRtcpPolicy.setSendReplayEnabled(false);
        this.sender = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), outPolicy, outRtcpPolicy, log);
        SrtpPolicy inPolicy = keys.profile().policy();
        inPolicy.setReceiveReplayEnabled(receiveReplayProtection);
        SrtpPolicy inRtcpPolicy = keys.profile().policy();
        inRtcpPolicy.setReceiveReplayEnabled(receiveReplayProtection);
        this.receiver = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), inPolicy, inRtcpPolicy, log);
    }

    public SrtpProfile profile() {
        return profile;
    }

    private static long rtpSsrc(PacketBuffer p) {
        return Bytes.u32(p.getBuffer(), p.getOffset() + 8);
    }

    private static long rtcpSsrc(PacketBuffer p) {
        return Bytes.u32(p.getBuffer(), p.getOffset() + 4);
    }


    /** Decrypts an SRTP packet in place. */
    public SrtpErrorStatus unprotectRtp(PacketBuffer p) {
        if (p.getLength() < 12) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        long ssrc = rtpSsrc(p);
        SrtpCryptoContext ctx = rtpIn.get(ssrc);
        boolean fresh = ctx == null;
        try {
            if (fresh) {
                if (rtpIn.size() >= MAX_SSRCS) {
                    return SrtpErrorStatus.FAIL;
                }
                ctx = receiver.deriveContext((int) ssrc, 0);
            }
            SrtpErrorStatus st = ctx.reverseTransformPacket(p, false);
            if (fresh && st == SrtpErrorStatus.OK) {
                // only authenticated streams take one of the MAX_SSRCS slots
                rtpIn.put(ssrc, ctx);
            }
            return st;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.FAIL;
        }
    }

    /** Decrypts an SRTCP packet in place. */
    public SrtpErrorStatus unprotectRtcp(PacketBuffer p) {
        if (p.getLength() < 8) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        long ssrc = rtcpSsrc(p);
        SrtcpCryptoContext ctx = rtcpIn.get(ssrc);
        boolean fresh = ctx == null;
        try {
            if (fresh) {
                if (rtcpIn.size() >= MAX_SSRCS) {
                    return SrtpErrorStatus.FAIL;
                }
                ctx = receiver.deriveControlContext((int) ssrc);
            }
            SrtpErrorStatus st = ctx.reverseTransformPacket(p);
            if (fresh && st == SrtpErrorStatus.OK) {
                rtcpIn.put(ssrc, ctx);
            }
            return st;
        } catch (GeneralSecurityException | RuntimeException e) {
            return SrtpErrorStatus.FAIL;
        }
    }

    /** Encrypts an RTP packet in place (appends the tag). */
    public boolean protectRtp(PacketBuffer p) {
        if (p.getLength() < 12) {
            return false;
        }
        long ssrc = rtpSsrc(p);
        try {
            SrtpCryptoContext ctx = rtpOut.get(ssrc);
            if (ctx == null) {
                ctx = sender.deriveContext((int) ssrc, 0);
                rtpOut.put(ssrc, ctx);
            }
            return ctx.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Encrypts an RTCP packet in place (appends index and tag). */
    public boolean protectRtcp(PacketBuffer p) {
        if (p.getLength() < 8) {
            return false;
        }
        long ssrc = rtcpSsrc(p);
        try {
            SrtcpCryptoContext ctx = rtcpOut.get(ssrc);
            if (ctx == null) {
                ctx = sender.deriveControlContext((int) ssrc);
                rtcpOut.put(ssrc, ctx);
            }
            return ctx.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Forgets a sender's contexts (its stream ended). */
    public void removeOutgoing(long ssrc) {
        rtpOut.remove(ssrc);
        rtcpOut.remove(ssrc);
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
    }
}
