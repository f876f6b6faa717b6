package io.chatcontinuity.common.redis;

/**
 * What this instance knows of one rate-limit counter's current window in Redis: when the window ends, the count
 * Redis last answered, and the attempts admitted here whose counts are still on their way to Redis. Event loops
 * share it, so every method holds its monitor, briefly.
 */
final class KnownWindow {

    private final long endsAt;
    private long counted;
    private int pending;

    KnownWindow(long endsAt, long counted) {
        this.endsAt = endsAt;
        this.counted = counted;
    }

    boolean endedBy(long now) {
        return now >= endsAt;
    }

    long endsAt() {
        return endsAt;
    }

    /** Takes one attempt while the window, as far as this instance knows, has room for it. */
    synchronized boolean take(int limit) {
        if (counted + pending >= limit) {
            return false;
        }
        pending++;
        return true;
    }

    /** Gives back a taken attempt that was not counted after all. */
    synchronized void release() {
        pending--;
    }

    /** A taken attempt's count arrived: {@code count} includes it and whatever every other instance counted. */
    synchronized void counted(long count) {
        pending--;
        counted = Math.max(counted, count);
    }
}
