package dev.chorus.media.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaPortTest {
    @Test
    void bindsAnEphemeralLoopbackPortAndAdvertisesIt() throws Exception {
        try (MediaPort port = new MediaPort("127.0.0.1", 0, null)) {
            assertTrue(port.port() > 0 && port.port() < 65536, "a real port, got " + port.port());
            assertEquals(List.of(InetAddress.getByName("127.0.0.1")), port.advertisedAddresses());
            assertEquals(1, port.harvesters().size());
            // the port is really taken
            assertBound(port.port());
        }
    }

    @Test
    void publicAddressReplacesTheAdvertisedOne() throws Exception {
        try (MediaPort port = new MediaPort("127.0.0.1", 0, "203.0.113.7")) {
            assertTrue(port.port() > 0);
            assertEquals(List.of(InetAddress.getByName("203.0.113.7")), port.advertisedAddresses());
        }
    }

    @Test
    void twoPortsGetDifferentEphemeralPorts() throws Exception {
        try (MediaPort a = new MediaPort("127.0.0.1", 0, null); MediaPort b = new MediaPort("127.0.0.1", 0, null)) {
            assertNotEquals(a.port(), b.port());
        }
    }

    private static void assertBound(int port) {
        try (DatagramSocket s = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            throw new AssertionError("port " + port + " was free: " + s.getLocalPort());
        } catch (SocketException expected) {
            // in use, as it should be
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
