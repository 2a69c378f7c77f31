package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.util.LongObjectMap;
import java.util.List;

/**
 * Which producer layer an incoming RTP packet belongs to: SSRC lookup for media and RTX streams,
 * binding of streams the SDP did not name by SSRC (simulcast, RTX) from the MID / RID /
 * repaired-RID header extensions, and restoring RTX packets. Worker thread only; no allocation per
 * packet.
 */
final class InboundStreams {
    private final List<Producer> producers;
    private final LongObjectMap<ProducerLayer> layersBySsrc = new LongObjectMap<>();
    private final LongObjectMap<ProducerLayer> rtxLayersBySsrc = new LongObjectMap<>();
    private int midExtId = -1;
    private int ridExtId = -1;
    private int repairedRidExtId = -1;

    /** {@code producers} is the transport's live list (searched by MID when binding). */
    InboundStreams(List<Producer> producers) {
        this.producers = producers;
    }

    void add(Producer p) {
        for (int i = 0; i < p.layerCount(); i++) {
            ProducerLayer l = p.layer(i);
            if (l.ssrc != 0) {
                layersBySsrc.put(l.ssrc, l);
            }
            if (l.rtxSsrc != 0) {
                rtxLayersBySsrc.put(l.rtxSsrc, l);
            }
        }
        // under BUNDLE every m-line uses the same ids; remember them for SSRC binding
        midExtId = extId(p.params(), HeaderExtensionUris.MID, midExtId);
        ridExtId = extId(p.params(), HeaderExtensionUris.RID, ridExtId);
        repairedRidExtId = extId(p.params(), HeaderExtensionUris.REPAIRED_RID, repairedRidExtId);
    }

    void remove(Producer p) {
        for (int i = 0; i < p.layerCount(); i++) {
            ProducerLayer l = p.layer(i);
            if (l.ssrc != 0 && layersBySsrc.get(l.ssrc) == l) {
                layersBySsrc.remove(l.ssrc);
            }
            if (l.rtxSsrc != 0 && rtxLayersBySsrc.get(l.rtxSsrc) == l) {
                rtxLayersBySsrc.remove(l.rtxSsrc);
            }
        }
    }

    private static int extId(ProducerParams params, String uri, int current) {
        Integer id = params.extensions().get(uri);
        return id != null ? id : current;
    }

    /** The layer receiving media SSRC {@code ssrc} (RTX SSRCs excluded), or null. */
    ProducerLayer media(long ssrc) {
        return layersBySsrc.get(ssrc);
    }

    /**
     * The layer {@code rtp} belongs to — as media, or as its RTX stream when {@code rtp.ssrc()} is the
     * layer's {@code rtxSsrc} — binding its SSRC on first sight; null if it belongs to none.
     */
    ProducerLayer resolve(RtpPacket rtp) {
        long ssrc = rtp.ssrc();
        ProducerLayer layer = layersBySsrc.get(ssrc);
        if (layer == null) {
            layer = rtxLayersBySsrc.get(ssrc);
        }
        return layer != null ? layer : bind(rtp);
    }

    /**
     * Streams announced without SSRCs (simulcast, some clients) are bound on first sight: MID names
     * the producer, RID the layer, repaired-RID (or an RTX payload type) the layer an RTX stream
     * repairs. Returns the layer now bound to the packet's SSRC, or null.
     */
    private ProducerLayer bind(RtpPacket rtp) {
        Producer p = byMid(rtp);
        if (p == null) {
            return null;
        }
        long ssrc = rtp.ssrc();
        boolean rtxPt = p.mediaPtForRtx(rtp.payloadType()) >= 0;
        ProducerLayer l = rtxPt ? null : layerByExtension(p, rtp, ridExtId);
        if (l == null && !rtxPt && !p.isSimulcast()) {
            l = p.layer(0);
        }
        if (l != null) {
            if (l.ssrc != 0) {
                layersBySsrc.remove(l.ssrc); // the publisher restarted the encoding with a new SSRC
            }
            l.bindSsrc(ssrc);
            layersBySsrc.put(ssrc, l);
            return l;
        }
        l = layerByExtension(p, rtp, repairedRidExtId);
        if (l == null && rtxPt && !p.isSimulcast()) {
            l = p.layer(0);
        }
        if (l != null) {
            if (l.rtxSsrc != 0) {
                rtxLayersBySsrc.remove(l.rtxSsrc);
            }
            l.rtxSsrc = ssrc;
            rtxLayersBySsrc.put(ssrc, l);
            return l;
        }
        return null;
    }

    private Producer byMid(RtpPacket rtp) {
        if (midExtId < 0) {
            return null;
        }
        int off = rtp.extensionOffset(midExtId);
        int len = rtp.extensionLength(midExtId);
        if (off < 0 || len <= 0) {
            return null;
        }
        for (Producer p : producers) {
            byte[] mid = p.midBytes();
            if (java.util.Arrays.equals(rtp.buffer(), off, off + len, mid, 0, mid.length)) {
                return p;
            }
        }
        return null;
    }

    private static ProducerLayer layerByExtension(Producer p, RtpPacket rtp, int extId) {
        if (extId < 0) {
            return null;
        }
        int off = rtp.extensionOffset(extId);
        int len = rtp.extensionLength(extId);
        return off < 0 || len <= 0 ? null : p.layerByRid(rtp.buffer(), off, len);
    }

    /**
     * Restores the original packet from an RTX one in place (RFC 4588 §4: the payload starts with
     * the original sequence number). Padding-only RTX packets are the browser's bandwidth probes.
     */
    boolean unwrapRtx(ProducerLayer layer, RtpPacket rtp) {
        Producer p = layer.producer;
        int mediaPt = p.mediaPtForRtx(rtp.payloadType());
        if (mediaPt < 0 || rtp.payloadLength() < 2 || layer.ssrc == 0) {
            return false; // the caller counts it as a dropped packet
        }
        byte[] b = rtp.buffer();
        int off = rtp.offset();
        int hl = rtp.headerLength();
        int len = rtp.length();
        int osn = (b[off + hl] & 0xFF) << 8 | (b[off + hl + 1] & 0xFF);
        System.arraycopy(b, off, b, off + 2, hl);
        if (!rtp.wrap(b, off + 2, len - 2)) {
            return false;
        }
        rtp.setSequenceNumber(osn);
        rtp.setPayloadType(mediaPt);
        rtp.setSsrc(layer.ssrc);
        layer.rtxPackets++;
        return true;
    }

}
