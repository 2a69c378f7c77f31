package dev.chorus.signaling.room;

import dev.chorus.media.sfu.CodecParams;
import dev.chorus.signaling.sdp.Codec;
import dev.chorus.signaling.sdp.MediaDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which of an offer's payload formats the SFU can take and send (no transcoding here). */
final class CodecMatcher {
    private CodecMatcher() {}

    /** The publisher's codec: the browser's first preference among those we can forward. */
    static Codec choosePublishCodec(MediaDescription m) {
        for (Codec c : m.codecs()) {
            if ("audio".equals(m.kind()) && c.isNamed("opus") && c.clockRate() == 48000) {
                return c;
            }
            if ("video".equals(m.kind())) {
                if (c.isNamed("VP8")) {
                    return c;
                }
                if (c.isNamed("H264") && "1".equals(c.fmtpParam("packetization-mode"))) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The receiver's payload formats that carry exactly the producer's codec, best match first. */
    static List<Codec> matchingCodecs(MediaDescription receiverOffer, CodecParams producerCodec, String producerFmtp) {
        List<Codec> exact = new ArrayList<>();
        List<Codec> loose = new ArrayList<>();
        for (Codec c : receiverOffer.codecs()) {
            if (!c.isNamed(producerCodec.name()) || c.clockRate() != producerCodec.clockRate()) {
                continue;
            }
            if (c.isNamed("H264")) {
                if (!"1".equals(c.fmtpParam("packetization-mode"))) {
                    continue;
                }
                String want = fmtpParam(producerFmtp, "profile-level-id");
                String have = c.fmtpParam("profile-level-id");
                if (want != null && have != null && want.length() >= 4 && have.length() >= 4
                        && want.substring(0, 4).equalsIgnoreCase(have.substring(0, 4))) {
                    exact.add(c);
                } else {
                    loose.add(c);
                }
            } else {
                exact.add(c);
            }
        }
        exact.addAll(loose);
        return exact.isEmpty() ? List.of() : List.of(exact.get(0));
    }

    /** The codec with the RTX payload type the same m-line pairs with it (video only: no RTX for audio here). */
    static CodecParams toParams(MediaDescription m, Codec c) {
        CodecParams params = toParams(c);
        if (!MediaDescription.VIDEO.equals(m.kind())) {
            return params;
        }
        return m.rtxFor(c.payloadType()).map(rtx -> params.withRtx(rtx.payloadType())).orElse(params);
    }

    static CodecParams toParams(Codec c) {
        return new CodecParams(c.payloadType(), c.name(), c.clockRate(), c.channels(),
                Objects.requireNonNullElse(c.fmtpLine(), ""));
    }

    private static String fmtpParam(String fmtp, String key) {
        if (fmtp == null) {
            return null;
        }
        for (String part : fmtp.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
