package io.holdfast.deploy.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link Deployer} (PID {@value Deployer#PID}). */
@ObjectClassDefinition(id = Deployer.PID, name = "Holdfast deployment", description = "Installs deployment "
        + "packages (.dp) through OSGi Deployment Admin: remotely over DEPLOY-V2 and from the web console's "
        + "Packages page. Standalone runtime only: inside Kura, Kura's own deployment agent does this.")
public @interface DeployerConfig {

    @AttributeDefinition(name = "Allowed download URL prefixes", description = "EXEC/download accepts a dp.uri "
            + "only if it starts with one of these (for example https://updates.example.com/holdfast/). "
            + "None: every download is refused.", required = false, cardinality = 10)
    String[] download_allowed_prefixes() default { "https://" };

    @AttributeDefinition(name = "Largest download (bytes)", min = "1", description = "A download that grows past "
            + "this is stopped and deleted.")
    long download_max_bytes() default 100L * 1024 * 1024;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600")
    int download_connect_timeout() default 30;

    @AttributeDefinition(name = "Read timeout (s)", min = "1", max = "3600", description = "Longest silence of "
            + "the server; a request's dp.download.timeout (ms) overrides it.")
    int download_read_timeout() default 60;

    @AttributeDefinition(name = "Download attempts", min = "1", max = "100", description = "Attempts to fetch one "
            + "package; each attempt after the first resumes where the previous one stopped (HTTP Range).")
    int download_attempts() default 5;

    @AttributeDefinition(name = "Protected bundles", description = "Symbolic names no package may install or "
            + "replace: the Kura compatibility bundle and the API are part of the runtime.", cardinality = 10)
    String[] protected_bundles() default { "io.holdfast.kura.compat", "io.holdfast.api" };

    @AttributeDefinition(name = "Require signed packages", description = "Refuse every package that is not "
            + "signed (jar signing) by one of the certificates below.")
    boolean signature_required() default false;

    @AttributeDefinition(name = "Signer certificates", required = false, description = "PEM file with the "
            + "certificates (or CA certificates) a package must be signed by when signing is required.")
    String signature_certificates() default "";

    @AttributeDefinition(name = "Packages folder", required = false, description = "Where installed packages are "
            + "kept with the list reinstalled at boot. Empty: <data dir>/packages.")
    String packages_dir() default "";

    @AttributeDefinition(name = "Cloud connections", description = "Filter selecting the request handler "
            + "registries (cloud connections) that DEPLOY-V2 is offered on.")
    String RequestHandlerRegistry_target() default "(objectClass=*)";
}
