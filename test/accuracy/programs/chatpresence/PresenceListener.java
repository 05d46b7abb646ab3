package chat.gateway;

/* Told when a user comes online, goes idle or leaves. */
interface PresenceListener {
    void presenceChanged(long userId, int state);
}
