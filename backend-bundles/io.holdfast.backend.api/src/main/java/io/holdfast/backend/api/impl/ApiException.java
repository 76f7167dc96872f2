package io.holdfast.backend.api.impl;

/** A request the API refuses: the status, and the body's {@code error} and {@code detail}. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    final int status;
    final String error;

    ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }

    static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }
}
