package dev.chorus.signaling.sdp;

import java.util.List;

/**
 * Writes a {@link SessionDescription} as SDP text with CRLF line endings, in the attribute order
 * browsers themselves use (some parsers in the wild are order-sensitive, and it keeps diffs readable).
 * The writer does not validate: it writes what the model says.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    public static String write(SessionDescription s) {
        StringBuilder out = new StringBuilder(4096);
        line(out, "v=0");
        line(out, "o=" + s.origin().toSdpValue());
        line(out, "s=" + s.sessionName());
        if (s.connection() != null) {
            line(out, "c=" + s.connection().toSdpValue());
        }
        line(out, "t=0 0");
        if (!s.bundleMids().isEmpty()) {
            line(out, "a=group:BUNDLE " + String.join(" ", s.bundleMids()));
        }
        if (s.extmapAllowMixed()) {
            line(out, "a=extmap-allow-mixed");
        }
        if (!s.msidSemantics().isEmpty()) {
            line(out, "a=msid-semantic: " + String.join(" ", s.msidSemantics()));
        }
        if (s.iceLite()) {
            line(out, "a=ice-lite");
        }
        transport(out, s.iceUfrag(), s.icePwd(), s.iceOptions(), s.fingerprint(), s.setup());
        s.otherAttributes().forEach(a -> line(out, "a=" + a));
        s.media().forEach(m -> media(out, m));
        return out.toString();
    }

    private static void media(StringBuilder out, MediaDescription m) {
        line(out, "m=" + m.kind() + " " + m.port() + " " + m.protocol() + " " + String.join(" ", m.formats()));
        if (m.connection() != null) {
            line(out, "c=" + m.connection().toSdpValue());
        }
        m.bandwidths().forEach(b -> line(out, "b=" + b));
        if (m.rtcp() != null) {
            line(out, "a=rtcp:" + m.rtcp());
        }
        transport(out, m.iceUfrag(), m.icePwd(), m.iceOptions(), m.fingerprint(), m.setup());
        if (m.mid() != null) {
            line(out, "a=mid:" + m.mid());
        }
        m.extensions().forEach(e -> line(out, "a=extmap:" + e.toSdpValue()));
        // data channels have no direction; browsers omit the implied sendrecv there
        if (!(m.kind().equals(MediaDescription.APPLICATION) && m.direction() == Direction.SENDRECV)) {
            line(out, "a=" + m.direction().sdpName());
        }
        if (m.msid() != null) {
            line(out, "a=msid:" + m.msid().toSdpValue());
        }
        if (m.rtcpMux()) {
            line(out, "a=rtcp-mux");
        }
        if (m.rtcpRsize()) {
            line(out, "a=rtcp-rsize");
        }
        for (Codec c : m.codecs()) {
            line(out, "a=rtpmap:" + c.rtpmapValue());
            c.rtcpFeedback().forEach(fb -> line(out, "a=rtcp-fb:" + c.payloadType() + " " + fb));
            if (!c.fmtpLine().isEmpty()) {
                line(out, "a=fmtp:" + c.payloadType() + " " + c.fmtpLine());
            }
        }
        m.rids().forEach(r -> line(out, "a=rid:" + r.toSdpValue()));
        if (m.simulcast() != null) {
            line(out, "a=simulcast:" + m.simulcast().toSdpValue());
        }
        if (m.sctpPort() != null) {
            line(out, "a=sctp-port:" + m.sctpPort());
        }
        if (m.maxMessageSize() != null) {
            line(out, "a=max-message-size:" + m.maxMessageSize());
        }
        m.ssrcGroups().forEach(g -> line(out, "a=ssrc-group:" + g.toSdpValue()));
        for (Ssrc ssrc : m.ssrcs()) {
            if (ssrc.attributes().isEmpty()) {
                line(out, "a=ssrc:" + ssrc.ssrc());
            }
            ssrc.attributes().forEach((k, v) ->
                    line(out, "a=ssrc:" + ssrc.ssrc() + " " + k + (v.isEmpty() ? "" : ":" + v)));
        }
        m.candidates().forEach(c -> line(out, "a=candidate:" + c.toSdpValue()));
        if (m.endOfCandidates()) {
            line(out, "a=end-of-candidates");
        }
        m.otherAttributes().forEach(a -> line(out, "a=" + a));
    }

    private static void transport(StringBuilder out, String ufrag, String pwd, List<String> options,
                                  Fingerprint fingerprint, String setup) {
        if (ufrag != null) {
            line(out, "a=ice-ufrag:" + ufrag);
        }
        if (pwd != null) {
            line(out, "a=ice-pwd:" + pwd);
        }
        if (!options.isEmpty()) {
            line(out, "a=ice-options:" + String.join(" ", options));
        }
        if (fingerprint != null) {
            line(out, "a=fingerprint:" + fingerprint.toSdpValue());
        }
        if (setup != null) {
            line(out, "a=setup:" + setup);
        }
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append(CRLF);
    }
}
