package dev.chorus.signaling.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses SDP text (CRLF or LF line endings) into a {@link SessionDescription}.
 *
 * <p>Rejected with {@link SdpParseException}: oversized input (see limits below), missing or
 * misplaced v=/o=, malformed lines and numbers, malformed known attributes, no m= sections, duplicate
 * mids, and - when BUNDLE is used - sections without a mid or group entries naming no section.
 * Tolerated: unknown line types (ignored), unknown attributes (kept in otherAttributes).
 */
public final class SdpParser {
    public static final int MAX_SDP_CHARS = SdpLines.MAX_SDP_CHARS;
    public static final int MAX_LINE_CHARS = SdpLines.MAX_LINE_CHARS;
    /** Generous for a conference (one section per remote track) yet bounds per-offer work. */
    public static final int MAX_MEDIA_SECTIONS = 64;

    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) throws SdpParseException {
        List<SdpLine> lines = SdpLines.split(sdp);
        SdpLine first = lines.get(0);
        if (first.type() != 'v') {
            throw new SdpParseException(first.number(), "SDP must start with v=0");
        }
        if (!first.value().strip().equals("0")) {
            throw new SdpParseException(first.number(), "unsupported SDP version '"
                    + SdpParseException.quote(first.value()) + "'");
        }
        SessionState session = new SessionState();
        List<MediaDescription> media = new ArrayList<>();
        Map<String, Integer> midLines = new HashMap<>();
        List<Integer> sectionsWithoutMid = new ArrayList<>();
        MediaSectionParser section = null;
        for (int i = 1; i < lines.size(); i++) {
            SdpLine line = lines.get(i);
            try {
                if (line.type() == 'm') {
                    if (section != null) {
                        finish(section, media, midLines, sectionsWithoutMid);
                    }
                    if (media.size() + 1 > MAX_MEDIA_SECTIONS) {
                        throw new SdpParseException("more than " + MAX_MEDIA_SECTIONS + " m= sections");
                    }
                    if (session.origin == null) {
                        throw new SdpParseException("m= section before the o= line");
                    }
                    section = new MediaSectionParser(line);
                } else if (section != null) {
                    section.accept(line);
                } else {
                    session.accept(line);
                }
            } catch (SdpParseException e) {
                throw e.atLine(line.number(), line.text());
            }
        }
        if (session.origin == null) {
            throw new SdpParseException("missing o= line");
        }
        if (section == null) {
            throw new SdpParseException("SDP has no m= sections, nothing to negotiate");
        }
        finish(section, media, midLines, sectionsWithoutMid);
        checkBundle(session.bundleMids, midLines, sectionsWithoutMid);
        return session.builder.media(media).build();
    }

    private static void finish(MediaSectionParser section, List<MediaDescription> media,
                               Map<String, Integer> midLines, List<Integer> sectionsWithoutMid)
            throws SdpParseException {
        MediaDescription m = section.finish();
        if (m.mid() == null) {
            sectionsWithoutMid.add(section.lineNumber());
        } else if (midLines.putIfAbsent(m.mid(), section.lineNumber()) != null) {
            throw new SdpParseException(section.lineNumber(), "mid '" + SdpParseException.quote(m.mid())
                    + "' already used by the m= section at line " + midLines.get(m.mid()));
        }
        media.add(m);
    }

    private static void checkBundle(List<String> bundleMids, Map<String, Integer> midLines,
                                    List<Integer> sectionsWithoutMid) throws SdpParseException {
        if (bundleMids.isEmpty()) {
            return;
        }
        if (!sectionsWithoutMid.isEmpty()) {
            throw new SdpParseException(sectionsWithoutMid.get(0), "m= section has no a=mid but BUNDLE is used");
        }
        for (String mid : bundleMids) {
            if (!midLines.containsKey(mid)) {
                throw new SdpParseException("a=group:BUNDLE names mid '" + SdpParseException.quote(mid)
                        + "' but no m= section has it");
            }
        }
    }

    /** Session-level lines before the first m=. */
    private static final class SessionState {
        final SessionDescription.Builder builder = SessionDescription.builder();
        final Set<String> seen = new HashSet<>();
        final List<String> iceOptions = new ArrayList<>();
        final List<String> other = new ArrayList<>();
        Origin origin;
        List<String> bundleMids = List.of();

        void accept(SdpLine line) throws SdpParseException {
            switch (line.type()) {
                case 'v' -> throw new SdpParseException("duplicate v= line");
                case 'o' -> {
                    once("o=");
                    origin = Origin.parse(line.value());
                    builder.origin(origin);
                }
                case 's' -> {
                    once("s=");
                    builder.sessionName(line.value().strip());
                }
                case 'c' -> {
                    once("c=");
                    builder.connection(Connection.parse(line.value()));
                }
                case 'a' -> attribute(line);
                default -> {
                    // t=, b=, i=, u=, e=, p=, z=, k=, r= carry nothing a WebRTC answerer uses
                }
            }
        }

        private void attribute(SdpLine line) throws SdpParseException {
            String name = line.attributeName();
            String value = line.attributeValue();
            switch (name) {
                case "group" -> group(line, MediaSectionParser.required(name, value));
                case "msid-semantic" -> {
                    List<String> tokens = MediaSectionParser.tokens(value == null ? "" : value);
                    if (tokens.isEmpty()) {
                        // an empty line models as "absent"; a later non-empty one may still claim the field
                        return;
                    }
                    if (seen.add(name)) {
                        builder.msidSemantics(tokens);
                    } else {
                        other.add(line.value());
                    }
                }
                case "ice-ufrag" -> {
                    once(name);
                    builder.iceUfrag(MediaSectionParser.required(name, value));
                }
                case "ice-pwd" -> {
                    once(name);
                    builder.icePwd(MediaSectionParser.required(name, value));
                }
                case "ice-options" -> {
                    iceOptions.addAll(MediaSectionParser.tokens(MediaSectionParser.required(name, value)));
                    builder.iceOptions(iceOptions);
                }
                case "ice-lite" -> builder.iceLite(true);
                case "extmap-allow-mixed" -> builder.extmapAllowMixed(true);
                case "fingerprint" -> {
                    if (seen.add(name)) {
                        builder.fingerprint(Fingerprint.parse(MediaSectionParser.required(name, value)));
                    } else {
                        other.add(line.value());
                    }
                }
                case "setup" -> {
                    once(name);
                    builder.setup(MediaSectionParser.required(name, value));
                }
                default -> other.add(line.value());
            }
            builder.otherAttributes(other);
        }

        private void group(SdpLine line, String value) throws SdpParseException {
            List<String> t = MediaSectionParser.tokens(value);
            if (!t.get(0).equals("BUNDLE")) {
                other.add(line.value()); // e.g. LS (lip sync) groups, unused by browsers today
                return;
            }
            once("BUNDLE group");
            if (t.size() < 2) {
                throw new SdpParseException("a=group:BUNDLE lists no mids");
            }
            List<String> mids = t.subList(1, t.size());
            if (new HashSet<>(mids).size() != mids.size()) {
                throw new SdpParseException("a=group:BUNDLE lists a mid twice");
            }
            bundleMids = mids;
            builder.bundleMids(mids);
        }

        private void once(String what) throws SdpParseException {
            if (!seen.add(what)) {
                throw new SdpParseException("duplicate " + what + " at session level");
            }
        }
    }
}
