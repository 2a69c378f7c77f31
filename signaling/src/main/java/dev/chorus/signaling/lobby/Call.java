package dev.chorus.signaling.lobby;

import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * One direct call between two lobby users, as a state machine: it starts {@link State#RINGING} and
 * moves once, to {@link State#ACCEPTED} or to one of the ended states. Every transition after that is
 * refused, so a late reject, a second accept or a timer that fires after an answer cannot change the
 * outcome. Not thread-safe: the lobby thread owns it.
 */
public final class Call {
    public enum State {
        RINGING(null), ACCEPTED(null),
        REJECTED("rejected"), CANCELLED("cancelled"), NO_ANSWER("no-answer"), GONE("gone");

        /** The {@code reason} of the {@code call-ended} message for an ended state, else null. */
        public final String reason;

        State(String reason) {
            this.reason = reason;
        }

        public boolean ended() {
            return reason != null;
        }
    }

    /** Which side of the call a user is on; callers cancel, callees accept or reject. */
    public enum Role { CALLER, CALLEE }

    private final String id;
    private final String callerId;
    private final String calleeId;
    private final CallMedia media;
    private State state = State.RINGING;
    private String roomId;
    /** The pending ring timeout (or, once accepted, the join deadline); cancelled when it no longer applies. */
    private ScheduledFuture<?> timer;

    public Call(String id, String callerId, String calleeId, CallMedia media) {
        if (callerId.equals(calleeId)) {
            throw new IllegalArgumentException("a call needs two different users");
        }
        this.id = Objects.requireNonNull(id);
        this.callerId = callerId;
        this.calleeId = calleeId;
        this.media = Objects.requireNonNull(media);
    }

    public String id() {
        return id;
    }

    public String callerId() {
        return callerId;
    }

    public String calleeId() {
        return calleeId;
    }

    public CallMedia media() {
        return media;
    }

    public State state() {
        return state;
    }

    public boolean ringing() {
        return state == State.RINGING;
    }

    /** The room created on accept, or null before. */
    public String roomId() {
        return roomId;
    }

    /** The role of {@code userId} in this call, or null if they are not part of it. */
    public Role roleOf(String userId) {
        if (callerId.equals(userId)) {
            return Role.CALLER;
        }
        return calleeId.equals(userId) ? Role.CALLEE : null;
    }

    /** The other party's user id; {@code userId} must be a party. */
    public String otherParty(String userId) {
        return switch (roleOf(userId)) {
            case CALLER -> calleeId;
            case CALLEE -> callerId;
            case null -> throw new IllegalArgumentException(userId + " is not in call " + id);
        };
    }

    /** RINGING → ACCEPTED with the call's room; false (and no change) in any other state. */
    public boolean accept(String room) {
        if (state != State.RINGING) {
            return false;
        }
        state = State.ACCEPTED;
        roomId = Objects.requireNonNull(room);
        cancelTimer();
        return true;
    }

    /** RINGING → {@code ended} (one of the ended states); false (and no change) in any other state. */
    public boolean end(State ended) {
        if (!ended.ended()) {
            throw new IllegalArgumentException(ended + " is not an ended state");
        }
        if (state != State.RINGING) {
            return false;
        }
        state = ended;
        cancelTimer();
        return true;
    }

    /** Replaces the pending timer (cancelling the previous one). */
    void setTimer(ScheduledFuture<?> t) {
        cancelTimer();
        timer = t;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public String toString() {
        return "Call[" + id + " " + callerId + " → " + calleeId + ", " + media.json() + ", " + state + "]";
    }
}
