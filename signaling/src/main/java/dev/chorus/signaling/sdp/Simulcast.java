package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An a=simulcast line (RFC 8853). Each direction is a list of streams; each stream is a list of
 * alternative rids (written "a,b"), and a rid may be paused (written "~a").
 */
public record Simulcast(List<List<Stream>> send, List<List<Stream>> recv) {

    /** One rid alternative; paused streams are negotiated but not sent initially. */
    public record Stream(String rid, boolean paused) {
        public String toSdpValue() {
            return paused ? "~" + rid : rid;
        }
    }

    public Simulcast {
        send = deepCopy(send);
        recv = deepCopy(recv);
    }

    /** Plain "send a;b;c" without alternatives or pauses. */
    public static Simulcast send(String... rids) {
        return new Simulcast(simple(rids), List.of());
    }

    /** Plain "recv a;b;c" without alternatives or pauses; the usual answer to {@link #send}. */
    public static Simulcast recv(String... rids) {
        return new Simulcast(List.of(), simple(rids));
    }

    /** The answerer's view: the offerer's send streams become receive streams and vice versa. */
    public Simulcast reverse() {
        return new Simulcast(recv, send);
    }

    /** First-choice rid of each send stream, in order (what an SFU usually cares about). */
    public List<String> sendRids() {
        return send.stream().map(alts -> alts.get(0).rid()).toList();
    }

    public List<String> recvRids() {
        return recv.stream().map(alts -> alts.get(0).rid()).toList();
    }

    public String toSdpValue() {
        StringBuilder sb = new StringBuilder();
        if (!send.isEmpty()) {
            sb.append("send ").append(format(send));
        }
        if (!recv.isEmpty()) {
            sb.append(sb.isEmpty() ? "" : " ").append("recv ").append(format(recv));
        }
        return sb.toString();
    }

    static Simulcast parse(String value) throws SdpParseException {
        String[] t = value.strip().split("\\s+");
        if (t.length != 2 && t.length != 4) {
            throw new SdpParseException("simulcast must be 'send|recv <streams> [send|recv <streams>]'");
        }
        List<List<Stream>> send = null;
        List<List<Stream>> recv = null;
        for (int i = 0; i < t.length; i += 2) {
            List<List<Stream>> streams = parseStreams(t[i + 1]);
            if (t[i].equals("send") && send == null) {
                send = streams;
            } else if (t[i].equals("recv") && recv == null) {
                recv = streams;
            } else {
                throw new SdpParseException("simulcast direction must be 'send' or 'recv', once each");
            }
        }
        return new Simulcast(send == null ? List.of() : send, recv == null ? List.of() : recv);
    }

    private static List<List<Stream>> parseStreams(String text) throws SdpParseException {
        List<List<Stream>> streams = new ArrayList<>();
        for (String stream : text.split(";", -1)) {
            List<Stream> alternatives = new ArrayList<>();
            for (String alt : stream.split(",", -1)) {
                boolean paused = alt.startsWith("~");
                String rid = paused ? alt.substring(1) : alt;
                if (rid.isEmpty()) {
                    throw new SdpParseException("simulcast has an empty rid");
                }
                alternatives.add(new Stream(rid, paused));
            }
            streams.add(alternatives);
        }
        return streams;
    }

    private static List<List<Stream>> simple(String... rids) {
        return Arrays.stream(rids).map(r -> List.of(new Stream(r, false))).toList();
    }

    private static String format(List<List<Stream>> streams) {
        StringBuilder sb = new StringBuilder();
        for (List<Stream> alts : streams) {
            if (!sb.isEmpty()) {
                sb.append(';');
            }
            for (int i = 0; i < alts.size(); i++) {
                sb.append(i > 0 ? "," : "").append(alts.get(i).toSdpValue());
            }
        }
        return sb.toString();
    }

    private static List<List<Stream>> deepCopy(List<List<Stream>> streams) {
        if (streams == null) {
            return List.of();
        }
        return streams.stream().map(List::copyOf).toList();
    }
}
