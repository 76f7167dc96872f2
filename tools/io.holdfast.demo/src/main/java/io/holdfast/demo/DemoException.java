package io.holdfast.demo;

/** A problem that ends the demo with one line on stderr. */
final class DemoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DemoException(String message) {
        super(message);
    }
}
