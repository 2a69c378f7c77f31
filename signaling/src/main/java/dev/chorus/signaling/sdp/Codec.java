package dev.chorus.signaling.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One RTP payload type of an m= section: a=rtpmap plus its a=fmtp and a=rtcp-fb lines.
 *
 * <p>The fmtp text is stored raw (empty string when absent) because parameter syntax is
 * codec-specific; {@link #fmtp()} offers the common "k=v;k=v" view. Names compare case-insensitively
 * (browsers write "opus" but "VP8").
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtpLine,
                    List<String> rtcpFeedback) {

    public Codec {
        Objects.requireNonNull(name, "name");
        fmtpLine = fmtpLine == null ? "" : fmtpLine.strip();
        rtcpFeedback = List.copyOf(rtcpFeedback == null ? List.of() : rtcpFeedback);
    }

    public static Codec of(int payloadType, String name, int clockRate) {
        return new Codec(payloadType, name, clockRate, 1, "", List.of());
    }

    public static Codec of(int payloadType, String name, int clockRate, int channels) {
        return new Codec(payloadType, name, clockRate, channels, "", List.of());
    }

    /** An RTX codec (RFC 4588) repairing {@code apt}. */
    public static Codec rtx(int payloadType, int apt, int clockRate) {
        return of(payloadType, "rtx", clockRate).withFmtp("apt=" + apt);
    }

    public boolean isNamed(String codecName) {
        return name.equalsIgnoreCase(codecName);
    }

    public boolean isRtx() {
        return isNamed("rtx");
    }

    /**
     * fmtp parameters in written order. Tokens without '=' (red "111/111", telephone-event "0-16")
     * appear as keys with an empty value. On duplicate keys the first wins.
     */
    public Map<String, String> fmtp() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String part : fmtpLine.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                map.putIfAbsent(p, "");
            } else {
                map.putIfAbsent(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /** One fmtp parameter, or null. */
    public String fmtpParam(String key) {
        return fmtp().get(key);
    }

    /** For RTX: the payload type it repairs ("apt"), if present and numeric. */
    public OptionalInt apt() {
        String apt = fmtpParam("apt");
        if (apt == null || !SdpNumbers.allDigits(apt) || apt.length() > 3) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(apt));
    }

    public boolean hasFeedback(String feedback) {
        return rtcpFeedback.contains(feedback);
    }

    public Codec withPayloadType(int pt) {
        return new Codec(pt, name, clockRate, channels, fmtpLine, rtcpFeedback);
    }

    public Codec withFmtp(String rawFmtp) {
        return new Codec(payloadType, name, clockRate, channels, rawFmtp, rtcpFeedback);
    }

    /** Replaces fmtp with "k=v;k=v" from the map (empty values written as bare keys). */
    public Codec withFmtp(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            sb.append(k);
            if (v != null && !v.isEmpty()) {
                sb.append('=').append(v);
            }
        });
        return withFmtp(sb.toString());
    }

    public Codec withRtcpFeedback(List<String> feedback) {
        return new Codec(payloadType, name, clockRate, channels, fmtpLine, feedback);
    }

    /** The a=rtpmap value, e.g. "111 opus/48000/2"; a channel count of 1 is left implicit. */
    public String rtpmapValue() {
        return payloadType + " " + name + "/" + clockRate + (channels != 1 ? "/" + channels : "");
    }

    static Codec parseRtpmap(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length != 2) {
            throw new SdpParseException("rtpmap must be '<pt> <name>/<clock>[/<channels>]'");
        }
        int pt = SdpNumbers.parseInt(t[0], 0, 127, "rtpmap payload type");
        String[] enc = t[1].split("/", -1);
        if (enc.length < 2 || enc.length > 3 || enc[0].isEmpty()) {
            throw new SdpParseException("rtpmap encoding must be '<name>/<clock>[/<channels>]'");
        }
        int clock = SdpNumbers.parseInt(enc[1], 1, Integer.MAX_VALUE, "rtpmap clock rate");
        int channels = enc.length == 3 ? SdpNumbers.parseInt(enc[2], 1, 255, "rtpmap channels") : 1;
        return of(pt, enc[0], clock, channels);
    }

    /** RFC 3551 static payload types, used when an m= line lists one without an a=rtpmap. */
    static Codec staticPayloadType(int pt) {
        return switch (pt) {
            case 0 -> of(0, "PCMU", 8000);
            case 3 -> of(3, "GSM", 8000);
            case 4 -> of(4, "G723", 8000);
            case 8 -> of(8, "PCMA", 8000);
            case 9 -> of(9, "G722", 8000);
            case 13 -> of(13, "CN", 8000);
            case 18 -> of(18, "G729", 8000);
            case 26 -> of(26, "JPEG", 90000);
            case 31 -> of(31, "H261", 90000);
            case 34 -> of(34, "H263", 90000);
            default -> null;
        };
    }
}
