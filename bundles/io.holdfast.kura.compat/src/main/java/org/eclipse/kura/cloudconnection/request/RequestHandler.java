package org.eclipse.kura.cloudconnection.request;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles remote requests to an application. Each method answers one request verb; the resources are in the message
 * property named by {@link RequestHandlerMessageConstants#ARGS_KEY}. Verbs a handler does not override answer
 * {@link KuraErrorCode#OPERATION_NOT_SUPPORTED}.
 */
@ConsumerType
public interface RequestHandler {

    /**
     * Handles a GET.
     *
     * @param context
     *            the request context
     * @param reqMessage
     *            the request
     *
     * @return the response
     *
     * @throws KuraException
     *             if the request fails
     */
    default KuraMessage doGet(RequestHandlerContext context, KuraMessage reqMessage) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "get");
    }

    /**
     * Handles a PUT.
     *
     * @param context
     *            the request context
     * @param reqMessage
     *            the request
     *
     * @return the response
     *
     * @throws KuraException
     *             if the request fails
     */
    default KuraMessage doPut(RequestHandlerContext context, KuraMessage reqMessage) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "put");
    }

    /**
     * Handles a POST.
     *
     * @param context
     *            the request context
     * @param reqMessage
     *            the request
     *
     * @return the response
     *
     * @throws KuraException
     *             if the request fails
     */
    default KuraMessage doPost(RequestHandlerContext context, KuraMessage reqMessage) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "post");
    }

    /**
     * Handles a DEL.
     *
     * @param context
     *            the request context
     * @param reqMessage
     *            the request
     *
     * @return the response
     *
     * @throws KuraException
     *             if the request fails
     */
    default KuraMessage doDel(RequestHandlerContext context, KuraMessage reqMessage) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "delete");
    }

    /**
     * Handles an EXEC.
     *
     * @param context
     *            the request context
     * @param reqMessage
     *            the request
     *
     * @return the response
     *
     * @throws KuraException
     *             if the request fails
     */
    default KuraMessage doExec(RequestHandlerContext context, KuraMessage reqMessage) throws KuraException {
        throw new KuraException(KuraErrorCode.OPERATION_NOT_SUPPORTED, "exec");
    }
}
