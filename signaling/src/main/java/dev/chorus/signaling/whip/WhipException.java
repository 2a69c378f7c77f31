package dev.chorus.signaling.whip;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A refused WHIP/WHEP request: the status and the short text body (RFC 9725 §4.x errors). */
final class WhipException extends Exception {
    final HttpResponseStatus status;

    WhipException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
