import * as pulumi from "@pulumi/pulumi";
import {
    Alarms,
    AppImage,
    AppNamespace,
    AuroraDb,
    CLOUDWATCH_OBSERVABILITY_ADDON,
    ContainerInsights,
    DbBackup,
    FastApiApp,
    Platform,
    PostgresDb,
    SiteCertificate,
    SiteRecord,
    clusterHasAddon,
    clusterVersion,
    destroyGuard,
    isAutoMode,
    logGroupExists,
    nodeGroupSize,
    postgresPodSelector,
    scheduleLongestGapSeconds,
} from "./components";
import {
    LAST_APPLIED_OUTPUT,
    appIngressName,
    checkKubernetesVersion,
    checkRegionKnown,
    checkTransitions,
    lastAppliedOf,
    checkZones,
    existingAutoModeSubnets,
    installsContainerInsights,
    installsMetricsServer,
    installsPodIdentityAgent,
    keepsDefaultSecurityGroups,
    loadStackConfig,
    nodeGroupResize,
    nodesPlatform,
    readEarlier,
    siteZone,
} from "./config";

/** The `app.kubernetes.io/instance` label of everything this program deploys. */
const INSTANCE = "bookstore";

/**
 * The program, async: it reads what the stack was last deployed with before it
 * registers anything else. Its result is the stack's outputs.
 */
async function main() {
    // Reads and validates every config key first: bad config fails here, before any resource is registered.
    const cfg = loadStackConfig();
    // Then what the live stack was last deployed with: a change it cannot take is refused here (a StackReference reads).
    const earlier = await readEarlier();
    checkTransitions(cfg, earlier.lastApplied);
    // The region, as the AWS provider takes it: before anything else is asked of AWS.
    await checkRegionKnown(cfg);
    // A created cluster's version: one EKS can move it to from the one it runs (asked of EKS on a live stack).
    const kubernetesUpgrade = await checkKubernetesVersion(cfg, earlier, clusterVersion);
    // A new VPC's zones, and the node type offered in each (asked of EC2).
    await checkZones(cfg, earlier.lastApplied);
    // An existing Auto Mode cluster's workloads run in its private subnets (asked of EC2); none is refused.
    const autoModeSubnetIds = await existingAutoModeSubnets(cfg);
    // The site's hosted zone, when the program makes the certificate and the DNS record (asked of Route 53).
    const zone = await siteZone(cfg);
    // An existing cluster gets the Pod Identity agent only where it lacks one (asked of EKS), and keeps it.
    const podIdentityAgent = await installsPodIdentityAgent(cfg, earlier, clusterHasAddon);
    // And metrics-server, for the app's autoscaler, where asked and lacking (a created cluster always gets it).
    const metricsServer = await installsMetricsServer(cfg, earlier, clusterHasAddon);
    // And Container Insights (observability: full), unless the cluster has it already.
    const containerInsights = await installsContainerInsights(cfg, earlier, clusterHasAddon, logGroupExists);
    // pulumi-eks's unused security groups: none on a new cluster; one created with them keeps them.
    const defaultSecurityGroups = keepsDefaultSecurityGroups(earlier);
    // The app's Ingress: another name for another ALB scheme, so that the new ALB is up before the old one goes.
    const ingressName = appIngressName(cfg, earlier);

    // The cluster: created with its add-ons, or an existing one; and the Kubernetes provider for it.
    const platform = new Platform("platform", {
        mode: cfg.cluster,
        region: cfg.awsRegion ?? "",
        identityMode: cfg.identityMode,
        albScheme: cfg.albScheme,
        awsProfile: cfg.awsProfile,
        awsRoleArn: cfg.awsRoleArn,
        // A live VPC keeps its zones, whatever the region lists now.
        availabilityZones: earlier.lastApplied.availabilityZones,
        defaultSecurityGroups,
        kubernetesUpgrade,
        nodeResize: await nodeGroupResize(cfg, earlier, (cluster) => nodeGroupSize(cluster, "platform-cluster-nodes")),
        podIdentityAgent,
        metricsServer,
        autoModeSubnetIds,
    });
    // Every component that makes Kubernetes objects gets the cluster's provider as a resource option; its
    // children inherit it through `parent` (and the default AWS provider, or one given as an option too).
    const onCluster = { provider: platform.provider };
    const local = cfg.cluster.kind === "local" ? cfg.cluster : undefined;

    // The namespace (created unless it exists) with default-deny and DNS NetworkPolicies.
    const appNamespace = new AppNamespace(
        "bookstore",
        {
            name: cfg.namespace,
            create: cfg.createNamespace,
            protect: cfg.protectData,
            dns: isAutoMode(cfg.cluster) ? "nodeLocal" : "clusterPods",
            instance: INSTANCE,
        },
        onCluster,
    );
    const namespace = appNamespace.name;

    // The database: a StatefulSet in the cluster, or Aurora Serverless v2 beside it, in the network of a cluster
    // known by name (the config refuses aurora on a kubeconfig cluster; awsCluster would throw, never fall back).
    const beside = cfg.database === "aurora" ? platform.awsCluster("database: aurora") : undefined;
    const db =
        beside !== undefined
            ? new AuroraDb(
                  "bookstore-aurora",
                  {
                      namespace,
                      vpcId: beside.network.vpcId,
                      subnetIds: beside.network.subnetIds,
                      clientSecurityGroupId: beside.network.clusterSecurityGroupId,
                      identity: beside.identity,
                      dbImage: cfg.dbImage,
                      minCapacity: cfg.auroraMinCapacity,
                      maxCapacity: cfg.auroraMaxCapacity,
                      databaseName: cfg.dbName,
                      username: cfg.dbUser,
                      password: cfg.dbPassword,
                      protect: cfg.protectData,
                      nodeSelector: platform.workloadNodeSelector,
                      instance: INSTANCE,
                  },
                  onCluster,
              )
            : new PostgresDb(
                  "bookstore-db",
                  {
                      namespace,
                      image: cfg.dbImage,
                      storageSize: cfg.dbStorageSize,
                      // A laptop's cluster has its own StorageClass, which the program never makes.
                      storageClassName: local?.storageClass ?? cfg.dbStorageClass,
                      createStorageClass: cfg.createStorageClass && local === undefined,
                      storageProvisioner: platform.storageProvisioner,
                      storageDependsOn: platform.storageDependsOn,
                      databaseName: cfg.dbName,
                      username: cfg.dbUser,
                      password: cfg.dbPassword,
                      superuserPassword: cfg.dbSuperuserPassword,
                      // What empties nodes (Auto Mode's Karpenter, or the node group's Cluster Autoscaler) must leave it be.
                      nodeAutoscaler: isAutoMode(cfg.cluster) ? "karpenter" : platform.clusterAutoscaler ? "clusterAutoscaler" : undefined,
                      protect: cfg.protectData,
                      nodeSelector: platform.workloadNodeSelector,
                      instance: INSTANCE,
                  },
                  onCluster,
              );
    // What the app's and the backups' NetworkPolicies let them reach: the database's pods, or Aurora's VPC.
    const databasePeer = db instanceof AuroraDb ? { cidr: db.vpcCidr } : { podSelector: postgresPodSelector(INSTANCE) };

    // The app's image, deployed by digest: built from source into the stack's ECR repository, or the one given,
    // which on an AWS cluster is copied there from ECR (prod runs dev's build from a repository of its own).
    const image = new AppImage("bookstore-image", {
        image: cfg.appImage,
        source: cfg.appSource,
        dockerfile: cfg.appDockerfile,
        imagesKept: cfg.appImagesKept,
        platform: nodesPlatform(cfg.cluster),
        forceDelete: !cfg.protectData,
        region: cfg.awsRegion,
        copyFromEcr: platform.clusterName !== undefined,
        localRegistry: local?.registry,
    });

    // The site's certificate, issued before the Ingress may use it.
    const site = zone && new SiteCertificate("bookstore-site", { domainName: cfg.domainName as string, zoneId: zone.zoneId });
    const app = new FastApiApp(
        "bookstore-app",
        {
            namespace,
            image: image.ref,
            replicas: cfg.appReplicas,
            maxReplicas: cfg.appMaxReplicas > 0 ? cfg.appMaxReplicas : undefined,
            targetCpuPercent: cfg.appTargetCpuPercent,
            // The URL the app prints at start-up holds no password: it gets the password as PGPASSWORD.
            databaseUrl: db.urlWithoutPassword,
            databasePassword: db.password,
            // The app starts once the database answers, not after kubelet's back-off.
            waitForDatabase: { image: cfg.dbImage, host: db.host },
            albScheme: cfg.albScheme,
            albTargetType: cfg.albTargetType,
            ingressName,
            ingressClassName: platform.ingressClassName,
            url: local && `http://localhost:${local.port}/`,
            healthCheckPath: cfg.healthCheckPath,
            certificateArn: site?.certificateArn ?? cfg.certificateArn,
            domainName: cfg.domainName,
            allowedCidrs: cfg.allowedCidrs,
            databasePeer,
            ingressDependsOn: platform.ingressDependsOn,
            nodeSelector: platform.workloadNodeSelector,
            imagePlatform: image.platform,
            instance: INSTANCE,
        },
        onCluster,
    );

    // The site's alias record, to the ALB the controller made for the Ingress.
    const siteRecord =
        zone &&
        new SiteRecord("bookstore-site", { domainName: cfg.domainName as string, zoneId: zone.zoneId, albHostname: app.albHostname });

    // Daily dumps to S3. The jobs get AWS credentials through the cluster, which a kubeconfig does not name.
    const identity = platform.workloadIdentity;
    if (cfg.backupEnabled && identity === undefined) {
        pulumi.log.warn(
            "Backups are off: the cluster is reached by kubeconfig, so the backup jobs cannot get AWS credentials. To turn them on: pulumi config set clusterName <your cluster> (and pulumi config rm kubeconfig). To silence this: pulumi config set backupEnabled false.",
        );
    }
    const backup =
        cfg.backupEnabled && identity !== undefined
            ? new DbBackup(
                  "bookstore-backup",
                  {
                      namespace,
                      identity,
                      // Either database is a DatabaseRef: where it is, its Secret, and Aurora's sslMode.
                      database: db,
                      databasePeer,
                      dbImage: cfg.dbImage,
                      schedule: cfg.backupSchedule,
                      retentionDays: cfg.backupRetentionDays,
                      bucketName: cfg.backupBucket,
                      dumpSizeLimit: cfg.dbStorageSize,
                      protect: cfg.protectData,
                      nodeSelector: platform.workloadNodeSelector,
                      instance: INSTANCE,
                      metrics: cfg.observability !== "off",
                  },
                  onCluster,
              )
            : undefined;

    // Alarms on the ALB and on the backups, to one SNS topic (none without a region: config/observability.ts warns);
    // and on request Container Insights.
    const alarms =
        cfg.observability === "off" || !cfg.awsRegion
            ? undefined
            : new Alarms("bookstore-alarms", {
                  albHostname: app.albHostname,
                  backup: backup && {
                      dimension: backup.metricsDimension,
                      longestGapSeconds: scheduleLongestGapSeconds(cfg.backupSchedule),
                  },
                  alertEmail: cfg.alertEmail,
              });
    const insights =
        containerInsights && identity !== undefined
            ? new ContainerInsights("platform-container-insights", {
                  ...identity,
                  dependsOn: identity.ready,
                  addonVersion: platform.addonVersionOnUpgrade(CLOUDWATCH_OBSERVABILITY_ADDON),
              })
            : undefined;

    // Destroy's first step: on a protected stack it refuses the destroy before anything is deleted.
    const optional = [site, siteRecord, backup, alarms, insights].filter((r) => r !== undefined);
    destroyGuard(cfg.protectData, [platform, appNamespace, db, image, app, ...optional]);

    return {
        albHostname: app.albHostname,
        url: app.url,
        namespace,
        clusterName: platform.clusterName,
        kubeconfig: platform.kubeconfig,
        backupBucket: backup?.bucketName,
        restoreCommand: backup?.restoreCommand,
        appImageRef: image.ref,
        imageRepositoryUrl: image.repositoryUrl,
        alarmTopicArn: alarms?.topicArn,
        // What a later `up` compares against (config/lastApplied.ts).
        [LAST_APPLIED_OUTPUT]: lastAppliedOf(cfg, {
            availabilityZones: platform.availabilityZones,
            inClusterDatabase: db instanceof PostgresDb,
            backupBucketMade: backup !== undefined && cfg.backupBucket === undefined,
            podIdentityAgent,
            metricsServer,
            containerInsights,
            defaultSecurityGroups,
            appIngressName: ingressName,
        }),
    };
}

export = main;
