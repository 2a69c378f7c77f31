package dev.chorus.signaling.room;

import java.util.Locale;

/** How a room delivers media: forwarding each stream (SFU) or one server-side composite (MCU). */
public enum RoomMode {
    SFU,
    MCU;

    /** The protocol spelling: "sfu" / "mcu". */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code s} in the protocol spelling, or null if there is none. */
    public static RoomMode parse(String s) {
        for (RoomMode m : values()) {
            if (m.json().equals(s)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return json();
    }
}
