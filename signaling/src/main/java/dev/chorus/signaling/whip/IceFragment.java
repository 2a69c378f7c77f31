package dev.chorus.signaling.whip;

import dev.chorus.signaling.room.HttpParticipants;
import java.util.ArrayList;
import java.util.List;

/** A trickle-ice-sdpfrag body (RFC 8840) as PATCH carries it, and the server's fragment after a restart. */
record IceFragment(String ufrag, String pwd, List<String> candidates) {
    static final int MAX_CANDIDATES = 64;

    static IceFragment parse(String body) throws WhipException {
        String ufrag = null;
        String pwd = null;
        List<String> candidates = new ArrayList<>();
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring("a=ice-ufrag:".length()).strip();
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring("a=ice-pwd:".length()).strip();
            } else if (line.startsWith("a=candidate:")) {
                candidates.add(line);
            }
        }
        if ((ufrag == null) != (pwd == null) || (ufrag != null && (ufrag.isEmpty() || pwd.isEmpty()))) {
            throw new WhipException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                    "an ICE restart needs both a=ice-ufrag and a=ice-pwd");
        }
        if (candidates.size() > MAX_CANDIDATES) {
            throw new WhipException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, "too many candidates");
        }
        return new IceFragment(ufrag, pwd, candidates);
    }

    /** The server's answer fragment after an ICE restart: new credentials and host candidates under {@code mid}. */
    static String answer(HttpParticipants.IceRestart r, String mid) {
        StringBuilder sb = new StringBuilder();
        sb.append("a=ice-ufrag:").append(r.ufrag()).append("\r\n");
        sb.append("a=ice-pwd:").append(r.pwd()).append("\r\n");
        sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n");
        if (mid != null) {
            sb.append("a=mid:").append(mid).append("\r\n");
        }
        for (String c : r.candidates()) {
            sb.append("a=").append(c).append("\r\n");
        }
        sb.append("a=end-of-candidates\r\n");
        return sb.toString();
    }
}
