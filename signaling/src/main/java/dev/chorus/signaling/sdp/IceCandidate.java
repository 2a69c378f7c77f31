package dev.chorus.signaling.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An ICE candidate (RFC 8839 section 5.1), from an a=candidate line or a trickled candidate string.
 *
 * <p>Addresses are kept exactly as given: mDNS names ("uuid.local") must reach the ICE agent
 * untouched, and IPv6 literals are not normalised. Extensions after the fixed fields (generation,
 * ufrag, network-id, network-cost, ...) are kept in order.
 *
 * @param relatedPort null when no rport was given
 * @param tcpType     "active", "passive" or "so" for TCP candidates, else null
 */
public record IceCandidate(String foundation, int component, String transport, long priority,
                           String address, int port, Type type, String relatedAddress, Integer relatedPort,
                           String tcpType, Map<String, String> extensions) {

    public enum Type {
        HOST, SRFLX, PRFLX, RELAY;

        public String sdpName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type parse(String text) throws SdpParseException {
            return switch (text) {
                case "host" -> HOST;
                case "srflx" -> SRFLX;
                case "prflx" -> PRFLX;
                case "relay" -> RELAY;
                default -> throw new SdpParseException("unknown candidate type '"
                        + SdpParseException.quote(text) + "'");
            };
        }
    }

    private static final String ATTRIBUTE_PREFIX = "a=";
    private static final String CANDIDATE_PREFIX = "candidate:";

    public IceCandidate {
        Objects.requireNonNull(foundation, "foundation");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions == null ? Map.of() : extensions));
    }

    /** A candidate with no related address, tcptype or extensions. */
    public static IceCandidate of(String foundation, int component, String transport, long priority,
                                  String address, int port, Type type) {
        return new IceCandidate(foundation, component, transport, priority, address, port, type,
                null, null, null, Map.of());
    }

    public IceCandidate withRelated(String raddr, int rport) {
        return new IceCandidate(foundation, component, transport, priority, address, port, type,
                raddr, rport, tcpType, extensions);
    }

    public IceCandidate withTcpType(String tcptype) {
        return new IceCandidate(foundation, component, transport, priority, address, port, type,
                relatedAddress, relatedPort, tcptype, extensions);
    }

    public IceCandidate withExtension(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(extensions);
        copy.put(key, value);
        return new IceCandidate(foundation, component, transport, priority, address, port, type,
                relatedAddress, relatedPort, tcpType, copy);
    }

    public boolean isUdp() {
        return transport.equalsIgnoreCase("udp");
    }

    /** True for mDNS-obfuscated host candidates, which must be resolved before use. */
    public boolean isMdns() {
        return address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /** The ufrag extension browsers attach to trickled candidates, or null. */
    public String ufrag() {
        return extensions.get("ufrag");
    }

    /** The value after "a=candidate:", as written in SDP. */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder()
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port)
                .append(" typ ").append(type.sdpName());
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort != null) {
            sb.append(" rport ").append(relatedPort);
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType);
        }
        extensions.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v));
        return sb.toString();
    }

    /** "candidate:..." as carried by RTCIceCandidate.candidate and trickle messages. */
    public String toCandidateString() {
        return CANDIDATE_PREFIX + toSdpValue();
    }

    /** Accepts "a=candidate:...", "candidate:..." or the bare value. */
    public static IceCandidate parse(String text) throws SdpParseException {
        if (text == null) {
            throw new SdpParseException("candidate is null");
        }
        String s = text.strip();
        if (s.startsWith(ATTRIBUTE_PREFIX)) {
            s = s.substring(ATTRIBUTE_PREFIX.length());
        }
        if (s.startsWith(CANDIDATE_PREFIX)) {
            s = s.substring(CANDIDATE_PREFIX.length());
        }
        String[] t = s.strip().split("\\s+");
        if (t.length < 8 || !t[6].equals("typ")) {
            throw new SdpParseException(
                    "candidate must be '<foundation> <component> <transport> <priority> <address> <port> typ <type> ...'");
        }
        if ((t.length - 8) % 2 != 0) {
            throw new SdpParseException("candidate extension '" + SdpParseException.quote(t[t.length - 1])
                    + "' has no value");
        }
        int component = SdpNumbers.parseInt(t[1], 1, 256, "candidate component");
        long priority = SdpNumbers.parseLong(t[3], 0, 0xFFFF_FFFFL, "candidate priority");
        int port = SdpNumbers.parseInt(t[5], 0, 65535, "candidate port");
        Type type = Type.parse(t[7]);
        String raddr = null;
        Integer rport = null;
        String tcptype = null;
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 8; i < t.length; i += 2) {
            String key = t[i];
            String value = t[i + 1];
            switch (key) {
                case "raddr" -> raddr = value;
                case "rport" -> rport = SdpNumbers.parseInt(value, 0, 65535, "candidate rport");
                case "tcptype" -> tcptype = value;
                default -> ext.putIfAbsent(key, value);
            }
        }
        return new IceCandidate(t[0], component, t[2], priority, t[4], port, type, raddr, rport, tcptype, ext);
    }
}
