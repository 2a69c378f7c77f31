package dev.chorus.signaling.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed or constructed SDP session: the offer the browser sent, or the answer the server builds.
 * Immutable; use {@link #builder()} / {@link #toBuilder()} to construct or adapt.
 *
 * <p>Nullable components: connection, iceUfrag, icePwd, fingerprint, setup (null = absent at
 * session level; browsers usually put them on each m= section instead).
 *
 * @param bundleMids      mids of the a=group:BUNDLE line, empty when not bundled
 * @param msidSemantics   tokens of a=msid-semantic, e.g. ["WMS"] or ["WMS", "*"]
 * @param otherAttributes session-level a= lines not modelled, verbatim without "a="
 */
public record SessionDescription(
        Origin origin, String sessionName, Connection connection, List<String> bundleMids,
        List<String> msidSemantics, String iceUfrag, String icePwd, List<String> iceOptions, boolean iceLite,
        Fingerprint fingerprint, String setup, boolean extmapAllowMixed, List<String> otherAttributes,
        List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        bundleMids = List.copyOf(bundleMids);
        msidSemantics = List.copyOf(msidSemantics);
        iceOptions = List.copyOf(iceOptions);
        otherAttributes = List.copyOf(otherAttributes);
        media = List.copyOf(media);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> mid.equals(m.mid())).findFirst();
    }

    public boolean isBundled(String mid) {
        return bundleMids.contains(mid);
    }

    /** Mutable builder. Defaults: session name "-", no bundle, no session-level transport attributes. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private Connection connection;
        private List<String> bundleMids = List.of();
        private List<String> msidSemantics = List.of();
        private String iceUfrag;
        private String icePwd;
        private List<String> iceOptions = List.of();
        private boolean iceLite;
        private Fingerprint fingerprint;
        private String setup;
        private boolean extmapAllowMixed;
        private List<String> otherAttributes = List.of();
        private List<MediaDescription> media = List.of();

        private Builder() {
        }

        private Builder(SessionDescription s) {
            origin = s.origin;
            sessionName = s.sessionName;
            connection = s.connection;
            bundleMids = s.bundleMids;
            msidSemantics = s.msidSemantics;
            iceUfrag = s.iceUfrag;
            icePwd = s.icePwd;
            iceOptions = s.iceOptions;
            iceLite = s.iceLite;
            fingerprint = s.fingerprint;
            setup = s.setup;
            extmapAllowMixed = s.extmapAllowMixed;
            otherAttributes = s.otherAttributes;
            media = s.media;
        }

        public Builder origin(Origin v) { origin = v; return this; }
        public Builder sessionName(String v) { sessionName = v; return this; }
        public Builder connection(Connection v) { connection = v; return this; }
        public Builder bundleMids(List<String> v) { bundleMids = List.copyOf(v); return this; }
        public Builder msidSemantics(List<String> v) { msidSemantics = List.copyOf(v); return this; }
        public Builder iceUfrag(String v) { iceUfrag = v; return this; }
        public Builder icePwd(String v) { icePwd = v; return this; }
        public Builder iceOptions(List<String> v) { iceOptions = List.copyOf(v); return this; }
        public Builder iceLite(boolean v) { iceLite = v; return this; }
        public Builder fingerprint(Fingerprint v) { fingerprint = v; return this; }
        public Builder setup(String v) { setup = v; return this; }
        public Builder extmapAllowMixed(boolean v) { extmapAllowMixed = v; return this; }
        public Builder otherAttributes(List<String> v) { otherAttributes = List.copyOf(v); return this; }
        public Builder media(List<MediaDescription> v) { media = List.copyOf(v); return this; }

        public SessionDescription build() {
            return new SessionDescription(origin, sessionName, connection, bundleMids, msidSemantics, iceUfrag,
                    icePwd, iceOptions, iceLite, fingerprint, setup, extmapAllowMixed, otherAttributes, media);
        }
    }
}
