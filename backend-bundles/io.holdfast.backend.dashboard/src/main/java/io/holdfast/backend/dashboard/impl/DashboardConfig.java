package io.holdfast.backend.dashboard.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = DashboardServlet.PID, name = "Holdfast backend dashboard", description = "The operator web page at /dashboard")
@interface DashboardConfig {

    @AttributeDefinition(name = "Session idle timeout", description = "Minutes without a request after which a login ends")
    int session_idle_minutes() default 480;

    @AttributeDefinition(name = "Package download base URL", required = false, description = "The URL gateways download uploaded packages from, up to and without /dashboard (e.g. https://backend.example.com); empty: the URL the operator's browser uses")
    String download_base_url() default "";

    @AttributeDefinition(name = "Packages directory", required = false, description = "Where uploaded deployment packages are kept; empty: <data dir>/dashboard/packages")
    String packages_dir() default "";

    @AttributeDefinition(name = "Largest package", description = "Bytes; a larger upload is refused")
    long package_max_bytes() default 100L * 1024 * 1024;

    @AttributeDefinition(name = "MQTT client id", required = false, description = "The dashboard's own MQTT client id for DEPLOY-V2 requests; empty: the ingest's client id + \"-dashboard\"")
    String mqtt_client_id() default "";

    @AttributeDefinition(name = "Reply timeout", description = "Seconds to wait for a gateway's DEPLOY-V2 reply")
    int reply_timeout_seconds() default 20;
}
