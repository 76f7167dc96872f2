package io.holdfast.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.deploymentadmin.BundleInfo;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs, upgrades, downgrades and uninstalls deployment packages through OSGi Deployment Admin, one at a time.
 * <p>
 * A package is read and checked first ({@link PackageFile}: protected bundles, signature). Deployment Admin rolls back
 * a package it cannot install; a package it installed but whose bundles do not resolve is rolled back here, to the
 * previous version's file when there is one. What is installed is recorded ({@link InstalledPackages}) and reinstalled
 * at the next start when the framework no longer has it (a clean bundle cache, as Kura starts).
 */
@Component(name = Deployer.PID, service = { Deployer.class,
        ConfigurableComponent.class }, configurationPolicy = ConfigurationPolicy.OPTIONAL, property = {
                Constants.SERVICE_PID + "=" + Deployer.PID, "kura.service.pid=" + Deployer.PID })
@Designate(ocd = DeployerConfig.class)
public final class Deployer implements ConfigurableComponent {

    /** Component name, PID and metatype OCD id. */
    public static final String PID = "io.holdfast.deploy.Deployer";

    private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

    /** One package, as Deployment Admin knows it. */
    record Installed(String name, Version version, List<Bundle> bundles) {
    }

    private final BundleContext context;
    private final ForeignBundles foreign;
    private final DeploymentAdmin deploymentAdmin;
    private final DeployerConfig config;
    private final InstalledPackages recorded;
    private final List<X509Certificate> signers;
    private final Set<String> protectedBundles;
    private final Map<RequestHandlerRegistry, DeployV2> handlers = new IdentityHashMap<>();
    private final ExecutorService boot = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "holdfast-deploy-boot");
        t.setDaemon(true);
        return t;
    });

    /**
     * Activates the component and reinstalls, in the background, the recorded packages the framework lacks.
     *
     * @param context
     *            the bundle context
     * @param deploymentAdmin
     *            Deployment Admin
     * @param config
     *            the configuration
     *
     * @throws IOException
     *             if the packages folder cannot be made or the signer certificates cannot be read
     */
    @Activate
    public Deployer(BundleContext context, @Reference(name = "DeploymentAdmin") DeploymentAdmin deploymentAdmin,
            DeployerConfig config) throws IOException {
        this.context = context;
        this.foreign = new ForeignBundles(context);
        this.deploymentAdmin = deploymentAdmin;
        this.config = config;
        this.protectedBundles = Set.copyOf(Arrays.asList(config.protected_bundles()));
        this.recorded = new InstalledPackages(packagesDir(context, config));
        this.signers = config.signature_required() ? loadSigners(config.signature_certificates()) : null;
        boot.execute(this::reinstallRecorded);
    }

    /** The bundle context (DEPLOY-V2 jobs find a connection's notification publisher service in it). */
    BundleContext bundleContext() {
        return context;
    }

    /**
     * Offers DEPLOY-V2 on a cloud connection.
     *
     * @param registry
     *            the connection's request handler registry
     * @param props
     *            its service properties ({@code client.id} names the gateway in notifications)
     */
    @Reference(name = "RequestHandlerRegistry", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRegistry(RequestHandlerRegistry registry, Map<String, Object> props) {
        Object id = props.get("client.id");
        DeployV2 handler = new DeployV2(this, id == null ? "" : id.toString());
        synchronized (handlers) {
            handlers.put(registry, handler);
        }
        try {
            registry.registerRequestHandler(DeployV2.APP_ID, handler);
        } catch (KuraException | RuntimeException e) {
            LOG.warn("Cannot offer {} on a cloud connection: {}", DeployV2.APP_ID, e.getMessage());
        }
    }

    void removeRegistry(RequestHandlerRegistry registry) {
        DeployV2 handler;
        synchronized (handlers) {
            handler = handlers.remove(registry);
        }
        if (handler != null) {
            handler.close();
            try {
                registry.unregister(DeployV2.APP_ID);
            } catch (KuraException | RuntimeException e) {
                LOG.debug("{} was not registered: {}", DeployV2.APP_ID, e.getMessage());
            }
        }
    }

    @Deactivate
    void deactivate() {
        boot.shutdownNow();
        List<RequestHandlerRegistry> all;
        synchronized (handlers) {
            all = List.copyOf(handlers.keySet());
        }
        all.forEach(this::removeRegistry);
    }

    DeployerConfig config() {
        return config;
    }

    /** The folder for downloads and installed packages. */
    Path packagesDir() {
        return recorded.dir();
    }

    /**
     * Reads and checks a package file without installing it.
     *
     * @param file
     *            the file
     *
     * @return what it holds
     *
     * @throws PackageFile.Refused
     *             if it must not be installed
     * @throws IOException
     *             if it cannot be read
     */
    PackageFile inspect(Path file) throws PackageFile.Refused, IOException {
        return PackageFile.read(file, protectedBundles, signers);
    }

    /** The installed version of a package, or null. */
    Version installedVersion(String name) {
        DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(name);
        return dp == null ? null : dp.getVersion();
    }

    /**
     * Installs (or upgrades, or downgrades to) a package.
     *
     * @param file
     *            the .dp file; it is copied, the caller may delete it afterwards
     *
     * @return the package as installed
     *
     * @throws PackageFile.Refused
     *             if it must not be installed
     * @throws DeploymentException
     *             if Deployment Admin refused it (the previous version is still installed)
     * @throws IOException
     *             if a file cannot be read or written
     */
    public synchronized PackageFile install(Path file) throws PackageFile.Refused, DeploymentException, IOException {
        PackageFile pkg = inspect(file);
        Path previousFile = recorded.read().get(pkg.name());
        Version previous = installedVersion(pkg.name());
        LOG.info("Installing deployment package {} {} (installed: {})", pkg.name(), pkg.version(),
                previous == null ? "none" : previous);
        DeploymentPackage dp;
        try (InstallTrace trace = new InstallTrace(context, pkg.bundles().keySet())) {
            List<Bundle> replaced = foreign.takeOver(pkg);
            try {
                dp = installThroughAdmin(file);
            } catch (DeploymentException | IOException e) {
                foreign.failed(pkg, replaced);
                throw e;
            }
            LOG.info("Deployment package {} {} through Deployment Admin in {}", pkg.name(), pkg.version(),
                    trace.summary());
        }
        List<Bundle> broken = unresolved(dp);
        if (!broken.isEmpty()) {
            String names = String.join(", ", broken.stream().map(Bundle::getSymbolicName).toList());
            rollBack(pkg.name(), previous, previousFile);
            throw new DeploymentException(DeploymentException.CODE_OTHER_ERROR,
                    "package " + pkg.name() + " " + pkg.version() + " does not resolve (" + names + "): "
                            + (previous == null ? "uninstalled again" : "version " + previous + " reinstalled"));
        }
        recorded.record(pkg);
        LOG.info("Installed deployment package {} {}", pkg.name(), pkg.version());
        return pkg;
    }

    /**
     * Uninstalls a package and forgets it.
     *
     * @param name
     *            the package's symbolic name
     *
     * @return false if no such package is installed
     *
     * @throws DeploymentException
     *             if Deployment Admin could not uninstall it
     * @throws IOException
     *             if the record cannot be written
     */
    public synchronized boolean uninstall(String name) throws DeploymentException, IOException {
        DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(name);
        if (dp == null || name.equals("System")) {
            return false;
        }
        LOG.info("Uninstalling deployment package {} {}", name, dp.getVersion());
        dp.uninstall();
        recorded.remove(name);
        LOG.info("Uninstalled deployment package {}", name);
        return true;
    }

    /** The installed packages (without Deployment Admin's "System" package), by name. */
    List<Installed> packages() {
        List<Installed> out = new ArrayList<>();
        for (DeploymentPackage dp : deploymentAdmin.listDeploymentPackages()) {
            if ("System".equals(dp.getName())) {
                continue;
            }
            List<Bundle> bundles = new ArrayList<>();
            for (BundleInfo bi : dp.getBundleInfos()) {
                Bundle b = dp.getBundle(bi.getSymbolicName());
                if (b != null) {
                    bundles.add(b);
                }
            }
            out.add(new Installed(dp.getName(), dp.getVersion(), bundles));
        }
        out.sort(Comparator.comparing(Installed::name));
        return out;
    }

    /** Every bundle of the framework. */
    Bundle[] bundles() {
        return context.getBundles();
    }

    /**
     * Felix Deployment Admin 0.9.6 stops at the signature entries of a signed package ("Expected more bundles in the
     * stream"): the signature has been verified by {@link PackageFile}, so it gets the package without them.
     */
    private DeploymentPackage installThroughAdmin(Path file) throws DeploymentException, IOException {
        Path unsigned = PackageFile.withoutSignatures(file);
        try (InputStream in = Files.newInputStream(unsigned == null ? file : unsigned)) {
            return deploymentAdmin.installDeploymentPackage(in);
        } finally {
            if (unsigned != null) {
                Files.deleteIfExists(unsigned);
            }
        }
    }

    /** The bundles of a package that do not resolve; each is given the chance first. */
    private List<Bundle> unresolved(DeploymentPackage dp) {
        List<Bundle> bundles = new ArrayList<>();
        for (BundleInfo bi : dp.getBundleInfos()) {
            Bundle b = dp.getBundle(bi.getSymbolicName());
            if (b != null && b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundles.add(b);
            }
        }
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(bundles);
        return bundles.stream().filter(b -> (b.getState() & (Bundle.INSTALLED | Bundle.UNINSTALLED)) != 0).toList();
    }

    private void rollBack(String name, Version previous, Path previousFile) {
        try {
            if (previous != null && previousFile != null && Files.isRegularFile(previousFile)) {
                installThroughAdmin(previousFile);
                LOG.warn("Package {} rolled back to {}", name, previous);
            } else {
                DeploymentPackage dp = deploymentAdmin.getDeploymentPackage(name);
                if (dp != null) {
                    dp.uninstall();
                }
                LOG.warn("Package {} uninstalled again: it does not resolve", name);
            }
        } catch (DeploymentException | IOException e) {
            LOG.error("Package {}: roll-back failed", name, e);
        }
    }

    /** Reinstalls the recorded packages that Deployment Admin does not have (at that version). */
    private void reinstallRecorded() {
        Map<String, Path> all;
        try {
            all = recorded.read();
        } catch (IOException e) {
            LOG.error("Cannot read the installed packages list in {}", recorded.dir(), e);
            return;
        }
        for (Map.Entry<String, Path> e : all.entrySet()) {
            try {
                PackageFile pkg = inspect(e.getValue());
                if (pkg.version().equals(installedVersion(pkg.name()))) {
                    continue;
                }
                LOG.info("Reinstalling deployment package {} {} from {}", pkg.name(), pkg.version(), e.getValue());
                synchronized (this) {
                    installThroughAdmin(e.getValue());
                }
            } catch (PackageFile.Refused | DeploymentException | IOException | RuntimeException ex) {
                LOG.error("Cannot reinstall deployment package {} from {}: {}", e.getKey(), e.getValue(),
                        ex.getMessage());
            }
        }
    }

    /**
     * Starts or stops a bundle.
     *
     * @param id
     *            the bundle id
     * @param start
     *            true to start
     *
     * @return false if there is no such bundle
     *
     * @throws BundleException
     *             if the framework refused
     */
    boolean startStop(long id, boolean start) throws BundleException {
        Bundle b = context.getBundle(id);
        if (b == null) {
            return false;
        }
        if (start) {
            b.start();
        } else {
            b.stop();
        }
        return true;
    }

    private static Path packagesDir(BundleContext context, DeployerConfig config) {
        if (!config.packages_dir().isBlank()) {
            return Path.of(config.packages_dir());
        }
        String data = context.getProperty("holdfast.data.dir");
        return data != null ? Path.of(data, "packages") : context.getDataFile("packages").toPath();
    }

    private static List<X509Certificate> loadSigners(String pem) throws IOException {
        if (pem.isBlank()) {
            throw new IOException("signed packages are required but no signer certificate file is configured");
        }
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            List<X509Certificate> out = new ArrayList<>();
            CertificateFactory.getInstance("X.509").generateCertificates(in).forEach(c -> out.add((X509Certificate) c));
            if (out.isEmpty()) {
                throw new IOException("no certificate in " + pem);
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new IOException("cannot read the signer certificates in " + pem + ": " + e.getMessage(), e);
        }
    }
}
