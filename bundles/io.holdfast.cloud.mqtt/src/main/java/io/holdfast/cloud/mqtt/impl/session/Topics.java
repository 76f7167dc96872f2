package io.holdfast.cloud.mqtt.impl.session;

import java.util.Objects;

/**
 * The topic namespace of one connection. Kura's by default: data {@code <account>/<client>/<app>/<topic>}, control
 * {@code $EDC/<account>/<client>/<app>/<topic>}. Both are templates with the placeholders {@code {account}},
 * {@code {client}}, {@code {app}} and {@code {topic}}, so that brokers that forbid topics starting with '$' get another
 * prefix; each must end with {@code {app}/{topic}}, and the control template must contain {@code {client}}.
 */
public final class Topics {
    public static final String DEFAULT_DATA = "{account}/{client}/{app}/{topic}";
    public static final String DEFAULT_CONTROL = "$EDC/{account}/{client}/{app}/{topic}";
    private static final String TAIL = "{app}/{topic}";

    /** The app id of lifecycle messages. */
    public static final String LIFECYCLE_APP = "MQTT";

    private final String dataTemplate;
    private final String controlTemplate;
    private final String account;
    private final String client;
    private final String dataPrefix;
    private final String controlPrefix;

    public Topics(String dataTemplate, String controlTemplate, String account, String client) {
        this.dataTemplate = validTemplate(dataTemplate, "data topic template", false);
        this.controlTemplate = validTemplate(controlTemplate, "control topic template", true);
        this.account = validLevel(account, "account name");
        this.client = validLevel(client, "client id");
        this.dataPrefix = prefix(this.dataTemplate, client);
        this.controlPrefix = prefix(this.controlTemplate, client);
    }

    private static String validTemplate(String t, String what, boolean needsClient) {
        Objects.requireNonNull(t, what);
        if (!t.endsWith(TAIL)) {
            throw new IllegalArgumentException("the " + what + " must end with " + TAIL + ": " + t);
        }
        if (needsClient && !t.contains("{client}")) {
            throw new IllegalArgumentException("the " + what + " must contain {client}: " + t);
        }
        if (t.contains("+") || t.contains("#")) {
            throw new IllegalArgumentException("the " + what + " must not contain MQTT wildcards: " + t);
        }
        return t;
    }

    public static String validLevel(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == 0) {
                throw new IllegalArgumentException("the " + what + " must not contain '/', '+' or '#': " + s);
            }
        }
        return s;
    }

    private String prefix(String template, String clientId) {
        String head = template.substring(0, template.length() - TAIL.length());
        return head.replace("{account}", account).replace("{client}", clientId);
    }

    public String account() {
        return account;
    }

    public String client() {
        return client;
    }

    /** A data topic. */
    public String data(String appId, String appTopic) {
        return join(dataPrefix, appId, appTopic);
    }

    /** A control topic of this client. */
    public String control(String appId, String appTopic) {
        return join(controlPrefix, appId, appTopic);
    }

    /** A control topic of another client: replies and notifications to a requester. */
    public String controlOf(String clientId, String appId, String appTopic) {
        return join(prefix(controlTemplate, validLevel(clientId, "requester client id")), appId, appTopic);
    }

    /** The default control subscription: everything under this client's control prefix. */
    public String controlSubscription() {
        return controlPrefix + "#";
    }

    /** The subscription filter of a data or control app topic (which may hold MQTT wildcards). */
    public String subscription(boolean control, String appId, String appTopic) {
        return join(control ? controlPrefix : dataPrefix, appId, appTopic);
    }

    public String dataPrefix() {
        return dataPrefix;
    }

    public String controlPrefix() {
        return controlPrefix;
    }

    /** The part of a topic after this client's control prefix, or {@code null} if it is not below it. */
    public String underControl(String topic) {
        return topic.startsWith(controlPrefix) ? topic.substring(controlPrefix.length()) : null;
    }

    /** The part of a topic after this client's data prefix, or {@code null} if it is not below it. */
    public String underData(String topic) {
        return topic.startsWith(dataPrefix) ? topic.substring(dataPrefix.length()) : null;
    }

    public String lifecycle(String what) {
        return control(LIFECYCLE_APP, what);
    }

    private static String join(String prefix, String appId, String appTopic) {
        validLevel(appId, "app id");
        return appTopic == null || appTopic.isEmpty() ? prefix + appId : prefix + appId + "/" + appTopic;
    }

    /** Whether an MQTT topic filter (with + and #) matches a topic. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
