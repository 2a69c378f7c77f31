package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An a=ssrc-group line: FID pairs a media SSRC with its RTX SSRC, SIM lists simulcast layers. */
public record SsrcGroup(String semantics, List<Long> ssrcs) {
    public static final String FID = "FID";
    public static final String SIM = "SIM";
    public static final String FEC_FR = "FEC-FR";

    public SsrcGroup {
        Objects.requireNonNull(semantics, "semantics");
        ssrcs = List.copyOf(ssrcs);
    }

    public String toSdpValue() {
        StringBuilder sb = new StringBuilder(semantics);
        ssrcs.forEach(s -> sb.append(' ').append(s));
        return sb.toString();
    }

    static SsrcGroup parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length < 2 || t[0].isEmpty()) {
            throw new SdpParseException("ssrc-group must be '<semantics> <ssrc> ...'");
        }
        List<Long> ssrcs = new ArrayList<>(t.length - 1);
        for (int i = 1; i < t.length; i++) {
            ssrcs.add(SdpNumbers.parseLong(t[i], 0, Ssrc.MAX, "ssrc-group ssrc"));
        }
        return new SsrcGroup(t[0], ssrcs);
    }
}
