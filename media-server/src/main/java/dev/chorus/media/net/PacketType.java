package dev.chorus.media.net;

/** Kind of a datagram received on a bundled WebRTC transport (RFC 7983). */
public enum PacketType {
    STUN, DTLS, RTP, RTCP, UNKNOWN
}
