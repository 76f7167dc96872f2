package org.eclipse.kura.cloudconnection.publisher;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A publisher for notifications about long-running requests (progress of a download or an install).
 */
@ProviderType
public interface CloudNotificationPublisher extends CloudPublisher {
}
