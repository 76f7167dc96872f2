package io.holdfast.deploy.impl;

import org.osgi.service.deploymentadmin.DeploymentException;

/** Deployment Admin's refusals in words. */
final class Deployment {
    private Deployment() {
    }

    /** One line: what went wrong, and that the previous version is still installed. */
    static String describe(DeploymentException e) {
        String code = switch (e.getCode()) {
        case DeploymentException.CODE_CANCELLED -> "cancelled";
        case DeploymentException.CODE_NOT_A_JAR -> "not a jar";
        case DeploymentException.CODE_ORDER_ERROR -> "manifest not first";
        case DeploymentException.CODE_MISSING_HEADER -> "missing header";
        case DeploymentException.CODE_BAD_HEADER -> "bad header";
        case DeploymentException.CODE_MISSING_FIXPACK_TARGET -> "fix pack target missing";
        case DeploymentException.CODE_MISSING_BUNDLE -> "bundle missing";
        case DeploymentException.CODE_MISSING_RESOURCE -> "resource missing";
        case DeploymentException.CODE_SIGNING_ERROR -> "signing error";
        case DeploymentException.CODE_BUNDLE_NAME_ERROR -> "bundle name or version differs from the manifest";
        case DeploymentException.CODE_FOREIGN_CUSTOMIZER -> "foreign customizer";
        case DeploymentException.CODE_BUNDLE_SHARING_VIOLATION -> "bundle belongs to another package";
        case DeploymentException.CODE_RESOURCE_SHARING_VIOLATION -> "resource belongs to another package";
        case DeploymentException.CODE_COMMIT_ERROR -> "commit failed";
        case DeploymentException.CODE_PROCESSOR_NOT_FOUND -> "resource processor missing";
        case DeploymentException.CODE_TIMEOUT -> "timed out";
        default -> "failed";
        };
        Throwable cause = e.getCause();
        String detail = e.getMessage() != null ? e.getMessage() : "";
        if (cause != null && cause.getMessage() != null && !detail.contains(cause.getMessage())) {
            detail = detail + (detail.isEmpty() ? "" : ": ") + cause.getMessage();
        }
        return "Deployment Admin: " + code + (detail.isEmpty() ? "" : " (" + detail + ")")
                + "; the previous state was kept";
    }
}
