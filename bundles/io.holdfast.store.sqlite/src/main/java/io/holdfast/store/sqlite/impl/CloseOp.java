package io.holdfast.store.sqlite.impl;

/** Marks the end of the request stream; the writer loop handles it, and nothing waits on it. */
final class CloseOp extends Op<Void> {

    @Override
    boolean standalone() {
        return true;
    }

    @Override
    void apply(QueueWriter w) {
        // handled by the writer loop
    }

    @Override
    Void value() {
        return null;
    }
}
