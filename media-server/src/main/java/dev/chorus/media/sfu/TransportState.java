package dev.chorus.media.sfu;

public enum TransportState {
    NEW, CONNECTING, CONNECTED, FAILED, CLOSED
}
