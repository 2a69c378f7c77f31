package dev.chorus.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.signaling.protocol.Messages;
import dev.chorus.signaling.room.ClientStatsSample;
import org.junit.jupiter.api.Test;

class ClientStatsParserTest {
    static ClientStatsSample parse(String json) throws Exception {
        return ClientStatsParser.parse(Messages.JSON.readTree(json), 99);
    }

    @Test
    void knownFieldsAreKeptUnknownOnesDropped() throws Exception {
        ClientStatsSample s = parse("{\"bweKbps\":1500,\"rttMs\":12.5,\"score\":100,\"x\":\"y\",\"lossPct\":0,"
                + "\"tracks\":[{\"participantId\":\"p\",\"kind\":\"video\",\"width\":1280,\"height\":720,\"fps\":30,\"z\":1}]}");
        assertEquals(99, s.receivedAt());
        assertEquals(1500.0, s.bweKbps());
        assertEquals(12.5, s.rttMs());
        assertEquals(100.0, s.score());
        assertEquals(0.0, s.lossPct());
        assertNull(s.sendKbps());
        assertEquals(new ClientStatsSample.Track("p", "video", 1280.0, 720.0, 30.0), s.tracks().get(0));
        assertEquals("{\"receivedAt\":99,\"bweKbps\":1500,\"rttMs\":12.5,\"lossPct\":0,\"score\":100,"
                + "\"tracks\":[{\"participantId\":\"p\",\"kind\":\"video\",\"width\":1280,\"height\":720,\"fps\":30}]}",
                s.toJson().toString());
        assertNull(parse("{}").tracks());
        assertNull(parse("{}").freezeCount());
    }

    @Test
    void freezeCountIsAWholeNumber() throws Exception {
        ClientStatsSample s = parse("{\"freezeCount\":7}");
        assertEquals(7L, s.freezeCount());
        assertEquals("{\"receivedAt\":99,\"freezeCount\":7}", s.toJson().toString());
        assertEquals(0L, parse("{\"freezeCount\":0}").freezeCount());
        for (String b : new String[] {"{\"freezeCount\":2.5}", "{\"freezeCount\":-1}", "{\"freezeCount\":\"3\"}",
            "{\"freezeCount\":1e300}", "{\"freezeCount\":null}"}) {
            assertThrows(ClientStatsParser.Invalid.class, () -> parse(b), b);
        }
    }

    @Test
    void anythingButNonNegativeFiniteNumbersIsRefused() {
        String[] bad = {"null", "[]", "7", "\"s\"", "{\"bweKbps\":-0.1}", "{\"sendKbps\":\"1\"}", "{\"recvKbps\":null}",
            "{\"rttMs\":false}", "{\"jitterMs\":{}}", "{\"lossPct\":[1]}", "{\"score\":100.5}", "{\"score\":-1}",
            "{\"bweKbps\":1e999}", "{\"tracks\":null}", "{\"tracks\":\"none\"}", "{\"tracks\":[null]}",
            "{\"tracks\":[{\"participantId\":1,\"kind\":\"audio\"}]}", "{\"tracks\":[{\"participantId\":\"\",\"kind\":\"audio\"}]}",
            "{\"tracks\":[{\"participantId\":\"p\"}]}", "{\"tracks\":[{\"participantId\":\"p\",\"kind\":\"VIDEO\"}]}",
            "{\"tracks\":[{\"participantId\":\"p\",\"kind\":\"video\",\"width\":\"640\"}]}",
            "{\"tracks\":[{\"participantId\":\"p\",\"kind\":\"video\",\"height\":-2}]}"};
        for (String b : bad) {
            assertThrows(ClientStatsParser.Invalid.class, () -> parse(b), b);
        }
        assertThrows(ClientStatsParser.Invalid.class, () -> ClientStatsParser.parse(null, 0));
    }

    @Test
    void atMost64Tracks() throws Exception {
        String track = "{\"participantId\":\"p\",\"kind\":\"audio\"}";
        assertEquals(64, parse("{\"tracks\":[" + String.join(",", java.util.Collections.nCopies(64, track)) + "]}").tracks().size());
        assertThrows(ClientStatsParser.Invalid.class,
                () -> parse("{\"tracks\":[" + String.join(",", java.util.Collections.nCopies(65, track)) + "]}"));
    }
}
