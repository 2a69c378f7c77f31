package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One m= section. Immutable; construct answers with {@link #builder()} or adapt an offer's section
 * with {@link #toBuilder()}.
 *
 * <p>Nullable components: connection, rtcp, mid, iceUfrag, icePwd, fingerprint, setup, msid,
 * simulcast, sctpPort, maxMessageSize (null = attribute absent). Transport attributes may instead
 * sit at session level; use the {@code effective...} accessors to resolve them.
 *
 * @param formats         the raw m= format list (payload types, or e.g. "webrtc-datachannel")
 * @param bandwidths      raw b= values, e.g. "AS:2000"
 * @param rtcp            raw a=rtcp value, e.g. "9 IN IP4 0.0.0.0"
 * @param codecs          in m= line order; payload types without a known mapping are only in formats
 * @param otherAttributes every a= line not modelled above, verbatim without the "a=" prefix
 */
public record MediaDescription(
        String kind, int port, String protocol, List<String> formats, Connection connection,
        List<String> bandwidths, String rtcp, String mid, Direction direction,
        List<Codec> codecs, List<HeaderExtension> extensions,
        String iceUfrag, String icePwd, List<String> iceOptions, Fingerprint fingerprint, String setup,
        List<IceCandidate> candidates, boolean endOfCandidates, boolean rtcpMux, boolean rtcpRsize,
        List<Ssrc> ssrcs, List<SsrcGroup> ssrcGroups, Msid msid, List<Rid> rids, Simulcast simulcast,
        Integer sctpPort, Long maxMessageSize, List<String> otherAttributes) {

    public static final String AUDIO = "audio";
    public static final String VIDEO = "video";
    public static final String APPLICATION = "application";

    public MediaDescription {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        formats = List.copyOf(formats);
        bandwidths = List.copyOf(bandwidths);
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
        iceOptions = List.copyOf(iceOptions);
        candidates = List.copyOf(candidates);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        rids = List.copyOf(rids);
        otherAttributes = List.copyOf(otherAttributes);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Port 0 marks a rejected or stopped section (RFC 8843 keeps it out of the bundle) — unless it is
     * {@link #bundleOnly}: then port 0 only says "no transport of its own".
     */
    public boolean isRejected() {
        return port == 0 && !bundleOnly();
    }

    /**
     * RFC 8843 §6 {@code a=bundle-only}: an offered section (port 0) that exists only inside the BUNDLE
     * group, on the transport of the tagged section; GStreamer's webrtcbin offers every section after the
     * first like this with max-bundle.
     */
    public boolean bundleOnly() {
        return otherAttributes.contains("bundle-only");
    }

    public Optional<Codec> codec(int payloadType) {
        return codecs.stream().filter(c -> c.payloadType() == payloadType).findFirst();
    }

    public List<Codec> codecsNamed(String name) {
        return codecs.stream().filter(c -> c.isNamed(name)).toList();
    }

    /** The RTX codec whose apt points at {@code payloadType}. */
    public Optional<Codec> rtxFor(int payloadType) {
        return codecs.stream()
                .filter(c -> c.isRtx() && c.apt().equals(OptionalInt.of(payloadType)))
                .findFirst();
    }

    public OptionalInt extensionId(String uri) {
        return extensions.stream().filter(e -> e.uri().equals(uri))
                .mapToInt(HeaderExtension::id).findFirst();
    }

    public Optional<Ssrc> ssrc(long ssrc) {
        return ssrcs.stream().filter(s -> s.ssrc() == ssrc).findFirst();
    }

    public List<SsrcGroup> ssrcGroups(String semantics) {
        return ssrcGroups.stream().filter(g -> g.semantics().equals(semantics)).toList();
    }

    public String effectiveIceUfrag(SessionDescription session) {
        return iceUfrag != null ? iceUfrag : session.iceUfrag();
    }

    public String effectiveIcePwd(SessionDescription session) {
        return icePwd != null ? icePwd : session.icePwd();
    }

    public List<String> effectiveIceOptions(SessionDescription session) {
        return !iceOptions.isEmpty() ? iceOptions : session.iceOptions();
    }

    public Fingerprint effectiveFingerprint(SessionDescription session) {
        return fingerprint != null ? fingerprint : session.fingerprint();
    }

    public String effectiveSetup(SessionDescription session) {
        return setup != null ? setup : session.setup();
    }

    /** Mutable builder; list setters copy. Defaults: direction SENDRECV, everything else empty/absent. */
    public static final class Builder {
        private String kind;
        private int port = 9;
        private String protocol = "UDP/TLS/RTP/SAVPF";
        private List<String> formats = List.of();
        private Connection connection;
        private List<String> bandwidths = List.of();
        private String rtcp;
        private String mid;
        private Direction direction = Direction.SENDRECV;
        private List<Codec> codecs = List.of();
        private List<HeaderExtension> extensions = List.of();
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = List.of();
        private Fingerprint fingerprint;
        private String setup;
        private List<IceCandidate> candidates = new ArrayList<>();
        private boolean endOfCandidates;
        private boolean rtcpMux;
        private boolean rtcpRsize;
        private List<Ssrc> ssrcs = List.of();
        private List<SsrcGroup> ssrcGroups = List.of();
        private Msid msid;
        private List<Rid> rids = List.of();
        private Simulcast simulcast;
        private Integer sctpPort;
        private Long maxMessageSize;
        private List<String> otherAttributes = List.of();

        private Builder() {
        }

        private Builder(MediaDescription m) {
            kind = m.kind;
            port = m.port;
            protocol = m.protocol;
            formats = m.formats;
            connection = m.connection;
            bandwidths = m.bandwidths;
            rtcp = m.rtcp;
            mid = m.mid;
            direction = m.direction;
            codecs = m.codecs;
            extensions = m.extensions;
            iceUfrag = m.iceUfrag;
            icePwd = m.icePwd;
            iceOptions = m.iceOptions;
            fingerprint = m.fingerprint;
            setup = m.setup;
            candidates = new ArrayList<>(m.candidates);
            endOfCandidates = m.endOfCandidates;
            rtcpMux = m.rtcpMux;
            rtcpRsize = m.rtcpRsize;
            ssrcs = m.ssrcs;
            ssrcGroups = m.ssrcGroups;
            msid = m.msid;
            rids = m.rids;
            simulcast = m.simulcast;
            sctpPort = m.sctpPort;
            maxMessageSize = m.maxMessageSize;
            otherAttributes = m.otherAttributes;
        }

        public Builder kind(String v) { kind = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder protocol(String v) { protocol = v; return this; }
        /** Optional for RTP media: when left empty, build() derives it from the codecs' payload types. */
        public Builder formats(List<String> v) { formats = List.copyOf(v); return this; }
        public Builder connection(Connection v) { connection = v; return this; }
        public Builder bandwidths(List<String> v) { bandwidths = List.copyOf(v); return this; }
        public Builder rtcp(String v) { rtcp = v; return this; }
        public Builder mid(String v) { mid = v; return this; }
        public Builder direction(Direction v) { direction = v; return this; }
        public Builder codecs(List<Codec> v) { codecs = List.copyOf(v); return this; }
        public Builder extensions(List<HeaderExtension> v) { extensions = List.copyOf(v); return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = List.copyOf(v); return this; }
        public Builder fingerprint(Fingerprint v) { fingerprint = v; return this; }
        public Builder setup(String v) { setup = v; return this; }
        public Builder candidates(List<IceCandidate> v) { candidates = new ArrayList<>(v); return this; }
        public Builder addCandidate(IceCandidate v) { candidates.add(v); return this; }
        public Builder endOfCandidates(boolean v) { endOfCandidates = v; return this; }
        public Builder rtcpMux(boolean v) { rtcpMux = v; return this; }
        public Builder rtcpRsize(boolean v) { rtcpRsize = v; return this; }
        public Builder ssrcs(List<Ssrc> v) { ssrcs = List.copyOf(v); return this; }
        public Builder ssrcGroups(List<SsrcGroup> v) { ssrcGroups = List.copyOf(v); return this; }
        public Builder msid(Msid v) { msid = v; return this; }
        public Builder rids(List<Rid> v) { rids = List.copyOf(v); return this; }
        public Builder simulcast(Simulcast v) { simulcast = v; return this; }
        public Builder sctpPort(Integer v) { sctpPort = v; return this; }
        public Builder maxMessageSize(Long v) { maxMessageSize = v; return this; }
        public Builder otherAttributes(List<String> v) { otherAttributes = List.copyOf(v); return this; }

        public MediaDescription build() {
            List<String> fmts = formats;
            if (fmts.isEmpty() && !codecs.isEmpty()) {
                fmts = codecs.stream().map(c -> Integer.toString(c.payloadType())).toList();
            }
            return new MediaDescription(kind, port, protocol, fmts, connection, bandwidths, rtcp, mid, direction,
                    codecs, extensions, iceUfrag, icePwd, iceOptions, fingerprint, setup, candidates,
                    endOfCandidates, rtcpMux, rtcpRsize, ssrcs, ssrcGroups, msid, rids, simulcast, sctpPort,
                    maxMessageSize, otherAttributes);
        }
    }
}
