package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chorus.signaling.protocol.Messages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test WebSocket client: every received message lands in a queue; waits are bounded. */
final class WsClient implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private WsClient(HttpClient http, URI uri) throws Exception {
        ws = http.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        received.add(Messages.JSON.readTree(partial.toString()));
                    } catch (Exception e) {
                        ObjectNode bad = Messages.of("__unparseable__");
                        bad.put("raw", partial.toString());
                        received.add(bad);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static WsClient connect(HttpClient http, int port) throws Exception {
        return new WsClient(http, URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    void sendRaw(String text) throws Exception {
        ws.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(ObjectNode msg) throws Exception {
        sendRaw(msg.toString());
    }

    /** The next message, failing the test if none arrives in time. */
    JsonNode next() throws InterruptedException {
        JsonNode m = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(m, "no message within " + WAIT + (closed.isDone() ? " (socket closed: " + closed.join() + ")" : ""));
        return m;
    }

    /** The next message, which must be of the given type. */
    JsonNode expect(String type) throws InterruptedException {
        JsonNode m = next();
        assertEquals(type, m.path("type").asText(), "unexpected message " + m);
        return m;
    }

    /** The next message, which must be an error with the given code. */
    JsonNode expectError(String code) throws InterruptedException {
        JsonNode m = expect("error");
        assertEquals(code, m.path("code").asText(), "error " + m);
        return m;
    }

    /** The next message within {@code d}, or null. */
    JsonNode poll(Duration d) throws InterruptedException {
        return received.poll(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Nothing more arrives for a short while. */
    void expectQuiet(Duration d) throws InterruptedException {
        JsonNode m = received.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(m, "unexpected message " + m);
    }

    /** A ping is answered with a pong: the connection is open and the handler is still serving it. */
    void assertAlive() throws Exception {
        send(Messages.of("ping"));
        expect("pong");
    }

    boolean isClosed() {
        return closed.isDone() || ws.isInputClosed();
    }

    void closeAndWait() throws Exception {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ws.abort();
    }
}
