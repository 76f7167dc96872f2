package org.eclipse.kura.cloudconnection.request;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where request handlers register under their application id ({@code DEPLOY-V2}, ...).
 */
@ProviderType
public interface RequestHandlerRegistry {

    /**
     * Registers a handler.
     *
     * @param id
     *            the application id
     * @param requestHandler
     *            the handler
     *
     * @throws KuraException
     *             if the handler cannot be registered
     */
    void registerRequestHandler(String id, RequestHandler requestHandler) throws KuraException;

    /**
     * Unregisters the handler of an application id.
     *
     * @param id
     *            the application id
     *
     * @throws KuraException
     *             if the handler cannot be unregistered
     */
    void unregister(String id) throws KuraException;
}
