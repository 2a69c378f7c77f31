package dev.chorus.signaling.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A refused API request: answered as {@code {"error": code, "message": message}} with {@code status}. */
final class ApiException extends Exception {
    final HttpResponseStatus status;
    final String code;

    ApiException(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false); // expected control flow: no stack trace
        this.status = status;
        this.code = code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad-request", message);
    }

    static ApiException roomNotFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "room-not-found", "no such room");
    }

    static ApiException notAllowed() {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "method not allowed");
    }
}
