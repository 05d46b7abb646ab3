package chat.gateway;

import java.util.HashMap;
import java.util.Map;

/* One websocket client: its receive buffer, its attributes, and a hook on
 * the presence broadcaster. */
final class ClientSession {
    final long sessionId;
    final long userId;
    final String remoteAddress;
    final byte[] receiveBuffer;
    final Map<String, String> attributes = new HashMap<>();
    private final PresenceBroadcaster presence;
    private PresenceHook hook;
    private int presenceEvents;
    private boolean open = true;

    ClientSession(long sessionId, long userId, String remoteAddress,
        PresenceBroadcaster presence) {
        this.sessionId = sessionId;
        this.userId = userId;
        this.remoteAddress = remoteAddress;
        this.presence = presence;
        this.receiveBuffer = new byte[3072];
    }

    void subscribe() {
        hook = new PresenceHook();
        presence.subscribe(hook);
    }

    void onFrame(byte[] frame) {
        System.arraycopy(frame, 0, receiveBuffer, 0, Math.min(frame.length, receiveBuffer.length));
    }

    void close() {
        open = false;
        attributes.put("closedAt", Long.toString(System.currentTimeMillis()));
        // BUG: the hook stays subscribed (presence.unsubscribe(hook) is missing)
    }

    /* Inner class: each hook keeps its session alive through this$0. */
    final class PresenceHook implements PresenceListener {
        @Override
        public void presenceChanged(long user, int state) {
            if (open && user % 1024 == userId % 1024)
                presenceEvents++;
        }
    }
}
