package io.holdfast.cloud.mqtt.impl;

import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraRequestPayload;
import org.eclipse.kura.message.KuraResponsePayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response on the control topics: {@code <control prefix><APP-ID>/<GET|PUT|POST|DEL|EXEC>/<resource...>} with
 * the metrics {@code request.id} and {@code requester.client.id}; the reply goes to the requester's
 * {@code <APP-ID>/REPLY/<request.id>} at QoS 0 with {@code response.code}. Handlers run on their own small pool, never
 * on the MQTT thread.
 */
final class Requests {
    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DEL", "EXEC");

    private final MqttCloudEndpoint endpoint;
    private final Map<String, RequestHandler> handlers = new ConcurrentHashMap<>();
    private final ExecutorService pool;

    Requests(MqttCloudEndpoint endpoint) {
        this.endpoint = endpoint;
        ThreadPoolExecutor p = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "holdfast-cloud-request " + endpoint.pid());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        p.allowCoreThreadTimeOut(true);
        this.pool = p;
    }

    void close() {
        pool.shutdownNow();
    }

    void register(String id, RequestHandler handler) throws KuraException {
        if (id == null || id.isEmpty() || id.contains("/") || id.contains("+") || id.contains("#")) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "invalid request handler id: " + id);
        }
        handlers.put(id, handler);
    }

    void unregister(String id) throws KuraException {
        if (handlers.remove(id) == null) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "no request handler " + id);
        }
    }

    Set<String> ids() {
        return new TreeSet<>(handlers.keySet());
    }

    /** A control message; {@code rest} is the topic after the control prefix: APP-ID/METHOD/resources. */
    void handle(String rest, KuraPayload payload) {
        String[] parts = rest.split("/");
        if (parts.length < 2 || !METHODS.contains(parts[1])) {
            return;
        }
        Object requestId = payload.getMetric(KuraRequestPayload.METRIC_REQUEST_ID);
        Object requester = payload.getMetric(KuraRequestPayload.REQUESTER_CLIENT_ID);
        if (requestId == null || requester == null) {
            LOG.debug("Cloud connection {}: a request on {} lacks request.id or requester.client.id", endpoint.pid(),
                    rest);
            return;
        }
        String appId = parts[0];
        String method = parts[1];
        List<String> resources = List.copyOf(Arrays.asList(parts).subList(2, parts.length));
        pool.execute(() -> run(appId, method, resources, payload, requestId.toString(), requester.toString()));
    }

    private void run(String appId, String method, List<String> resources, KuraPayload payload, String requestId,
            String requester) {
        KuraPayload response;
        RequestHandler h = handlers.get(appId);
        if (h == null) {
            KuraResponsePayload r = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_NOTFOUND);
            r.setExceptionMessage("no request handler " + appId);
            response = r;
        } else {
            Map<String, String> ctx = Map.of(KuraRequestPayload.METRIC_REQUEST_ID, requestId,
                    KuraRequestPayload.REQUESTER_CLIENT_ID, requester, "app.id", appId);
            RequestHandlerContext context = new RequestHandlerContext(
                    new NotificationPublisher(endpoint, requester, appId), ctx);
            KuraMessage request = new KuraMessage(payload,
                    Map.of(RequestHandlerMessageConstants.ARGS_KEY.value(), resources,
                            KuraRequestPayload.METRIC_REQUEST_ID, requestId, KuraRequestPayload.REQUESTER_CLIENT_ID,
                            requester));
            try {
                KuraMessage reply = switch (method) {
                case "GET" -> h.doGet(context, request);
                case "PUT" -> h.doPut(context, request);
                case "POST" -> h.doPost(context, request);
                case "DEL" -> h.doDel(context, request);
                default -> h.doExec(context, request);
                };
                response = asResponse(reply == null ? null : reply.getPayload());
            } catch (KuraException e) {
                int code = switch (e.getCode()) {
                case BAD_REQUEST, INVALID_PARAMETER, OPERATION_NOT_SUPPORTED -> KuraResponsePayload.RESPONSE_CODE_BAD_REQUEST;
                case NOT_FOUND -> KuraResponsePayload.RESPONSE_CODE_NOTFOUND;
                default -> KuraResponsePayload.RESPONSE_CODE_ERROR;
                };
                response = new KuraResponsePayload(code, e);
            } catch (RuntimeException e) {
                LOG.warn("Cloud connection {}: request handler {} failed on {} {}", endpoint.pid(), appId, method,
                        resources, e);
                response = new KuraResponsePayload(e);
            }
        }
        if (response.getTimestamp() == null) {
            response.setTimestamp(new Date()); // Kura's KuraResponsePayload sets none
        }
        try {
            endpoint.publishDirect(endpoint.topics().controlOf(requester, appId, "REPLY/" + requestId), response, 0);
        } catch (KuraException | IllegalArgumentException e) {
            LOG.warn("Cloud connection {}: cannot reply to request {} of {}: {}", endpoint.pid(), requestId, requester,
                    e.getMessage());
        }
    }

    private static KuraPayload asResponse(KuraPayload p) {
        if (p == null) {
            return new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        }
        if (p.getMetric(KuraResponsePayload.METRIC_RESPONSE_CODE) != null) {
            return p;
        }
        KuraResponsePayload r = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        if (p.getTimestamp() != null) {
            r.setTimestamp(p.getTimestamp());
        }
        r.setPosition(p.getPosition());
        r.setBody(p.getBody());
        p.metrics().forEach(r::addMetric);
        return r;
    }
}
