package io.holdfast.store.sqlite.impl;

/**
 * What an enqueue does when the queue is at capacity.
 */
public enum OverflowPolicy {
    /** Reject the new message (reason CAPACITY); keep everything stored. Kura's behaviour. */
    REJECT_NEWEST,
    /**
     * Make room by evicting the oldest pending message of the lowest-priority class (the highest priority number); a
     * new message less urgent than everything stored is rejected instead.
     */
    EVICT_OLDEST_LOWEST_PRIORITY
}
