import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { WorkloadIdentity, awsServiceAccount } from "../addons";
import {
    AWS_CLI_IMAGE,
    DB_NAME,
    POSTGRES_PORT,
    awsJobNetworkPolicyArgs,
    ResourceSettings,
    checkImage,
    named,
    throwIfProblems,
    workloadLabels,
    NodeSelector,
} from "../shared";
import { SECRET_KEYS, generatedPassword, connectionUrl } from "../database";
import { appCredentialsArgs, bootstrapJobArgs, bootstrapScriptsArgs } from "./manifests";
import { AURORA_ENGINE_VERSION } from "./rules";

export interface AuroraDbArgs {
    /** Namespace of the bootstrap Job and the app's credentials. Required. */
    namespace: pulumi.Input<string>;
    /** The cluster's VPC. Required. */
    vpcId: pulumi.Input<string>;
    /** Subnets of the DB subnet group: the cluster's private subnets. Required. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The EKS cluster security group, on its nodes and so on its pods: the only source let in on 5432. Required. */
    clientSecurityGroupId: pulumi.Input<string>;
    /** How the bootstrap Job gets AWS credentials, to read the master secret. Required. */
    identity: WorkloadIdentity;
    /** The PostgreSQL image of the bootstrap Job (psql). Default `postgres:17.6`. */
    dbImage?: string;
    /** The AWS CLI image of the bootstrap Job. Default `amazon/aws-cli:2.27.0`. */
    awsCliImage?: string;
    /** Fewest Aurora capacity units. Default `0.5`. */
    minCapacity?: string;
    /** Most Aurora capacity units. Default `2`. */
    maxCapacity?: string;
    /** The app's database. Default `bookstore`. */
    databaseName?: string;
    /** The app's role (LOGIN, not a superuser). Default `bookdbadmin`. */
    username?: string;
    /** The app role's password. Default: generated, 32 URL-safe characters. */
    password?: pulumi.Input<string>;
    /** Deletion protection and a final snapshot, and Pulumi's protect. Default true. */
    protect?: boolean;
    /** The nodes its pods must run on, as a nodeSelector (on EKS Auto Mode, the pool that enforces NetworkPolicies). Default none: any node. */
    nodeSelector?: NodeSelector;
    /** Value of the `app.kubernetes.io/instance` label. Default: the component's name. */
    instance?: string;
}

/**
 * The final snapshot's name, unique per stack in the account and region: a
 * letter first, then letters, digits and single hyphens, at most 255
 * (RDS API Reference, DeleteDBCluster, FinalDBSnapshotIdentifier).
 */
export function finalSnapshotName(stack: string, name: string): string {
    const id = `fastapi-eks-${stack}-${name}-final`.replace(/[^A-Za-z0-9-]/g, "-").replace(/-+/g, "-");
    return id.slice(0, 255).replace(/-$/, "");
}

export const AURORA_DB_DEFAULTS = {
    dbImage: "postgres:17.6",
    awsCliImage: AWS_CLI_IMAGE,
    minCapacity: "0.5",
    maxCapacity: "2",
    databaseName: "bookstore",
    username: "bookdbadmin",
    protect: true,
    masterUsername: "postgres",
    backupRetentionDays: 7,
    resources: { cpuRequest: "50m", memoryRequest: "64Mi", cpuLimit: "500m", memoryLimit: "256Mi" } as ResourceSettings,
    names: { job: "db-bootstrap", scripts: "db-bootstrap-scripts", credentials: "aurora-app-credentials" },
} as const;

/**
 * Aurora PostgreSQL Serverless v2 for the app: a cluster with one writer in
 * the cluster's private subnets, reachable on 5432 from the cluster's nodes
 * and pods only, its master password managed by RDS in Secrets Manager (never
 * in Pulumi's state), and a one-off Job that creates the app's role and
 * database with the in-cluster database's init script.
 */
export class AuroraDb extends pulumi.ComponentResource {
    public readonly host: pulumi.Output<string>;
    public readonly port: pulumi.Output<number>;
    public readonly databaseName: pulumi.Output<string>;
    public readonly username: pulumi.Output<string>;
    /** The app role's password (secret). */
    public readonly password: pulumi.Output<string>;
    /** `postgresql://user@host:5432/db`, once the bootstrap Job has made the role and database (secret). */
    public readonly urlWithoutPassword: pulumi.Output<string>;
    /** The Secret with the app's credentials (for the backups), and the password's key in it. */
    public readonly secretName: pulumi.Output<string>;
    public readonly passwordKey: string = SECRET_KEYS.appPassword;
    /** Every client asks for TLS, which the server requires (rds.force_ssl). */
    public readonly sslMode = "require" as const;
    /** The VPC's address range, which the app's NetworkPolicy lets it reach on 5432. */
    public readonly vpcCidr: pulumi.Output<string>;

    constructor(name: string, args: AuroraDbArgs, opts?: pulumi.ComponentResourceOptions) {
        const d = AURORA_DB_DEFAULTS;
        const minCapacity = args.minCapacity ?? d.minCapacity;
        const maxCapacity = args.maxCapacity ?? d.maxCapacity;
        const databaseName = args.databaseName ?? d.databaseName;
        const username = args.username ?? d.username;
        const dbImage = args.dbImage ?? d.dbImage;
        const awsCliImage = args.awsCliImage ?? d.awsCliImage;
        const protect = args.protect ?? d.protect;
        // The capacities, names and image are the config's keys, checked by their declarations; these are not.
        throwIfProblems(`AuroraDb "${name}"`, [
            named(
                "maxCapacity",
                Number(maxCapacity) < Number(minCapacity) ? `${maxCapacity} is below minCapacity ${minCapacity}` : undefined,
            ),
            named("awsCliImage", checkImage(awsCliImage)),
        ]);
        super("fastapi-eks:aurora:AuroraDb", name, {}, opts);
        const parent = { parent: this };
        const childOpts = { parent: this };
        const wl = workloadLabels(DB_NAME, args.instance ?? name, "aurora-bootstrap");

        const subnets = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            { subnetIds: args.subnetIds, description: "fastapi-eks: the cluster's private subnets" },
            parent,
        );
        const sg = new aws.ec2.SecurityGroup(
            `${name}-security-group`,
            {
                vpcId: args.vpcId,
                description: "fastapi-eks: PostgreSQL from the EKS cluster's nodes and pods only",
                ingress: [
                    {
                        protocol: "tcp",
                        fromPort: POSTGRES_PORT,
                        toPort: POSTGRES_PORT,
                        securityGroups: [args.clientSecurityGroupId],
                        description: "EKS cluster security group",
                    },
                ],
            },
            parent,
        );
        // The server refuses connections without TLS (Aurora User Guide, "Securing Aurora PostgreSQL data with
        // SSL/TLS": rds.force_ssl, a dynamic parameter of the cluster's parameter group).
        const params = new aws.rds.ClusterParameterGroup(
            `${name}-params`,
            {
                family: `aurora-postgresql${AURORA_ENGINE_VERSION.split(".")[0]}`,
                description: "fastapi-eks: TLS required",
                parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
            },
            parent,
        );
        const cluster = new aws.rds.Cluster(
            `${name}-cluster`,
            {
                dbClusterParameterGroupName: params.name,
                engine: "aurora-postgresql",
                engineMode: "provisioned",
                engineVersion: AURORA_ENGINE_VERSION,
                masterUsername: d.masterUsername,
                // RDS makes the password and keeps it in Secrets Manager: it never enters Pulumi's state.
                manageMasterUserPassword: true,
                storageEncrypted: true,
                backupRetentionPeriod: d.backupRetentionDays,
                dbSubnetGroupName: subnets.name,
                vpcSecurityGroupIds: [sg.id],
                serverlessv2ScalingConfiguration: { minCapacity: Number(minCapacity), maxCapacity: Number(maxCapacity) },
                deletionProtection: protect,
                skipFinalSnapshot: !protect,
                finalSnapshotIdentifier: protect ? finalSnapshotName(pulumi.getStack(), name) : undefined,
                copyTagsToSnapshot: true,
            },
            // AWS applies minor upgrades itself (AutoMinorVersionUpgrade, on by default): the version the
            // cluster was created with must not be set again, or every later `up` after a refresh would ask
            // RDS for a downgrade, which it refuses. The major version stays AURORA_ENGINE_VERSION's.
            { parent: this, protect, ignoreChanges: ["engineVersion"] },
        );
        // The writer takes the cluster's version (RDS: an instance's version follows its cluster's), and
        // is protected with it: on a protected stack, destroy must not take the database offline first.
        const writer = new aws.rds.ClusterInstance(
            `${name}-writer`,
            { clusterIdentifier: cluster.id, instanceClass: "db.serverless", engine: "aurora-postgresql" },
            { parent: this, protect },
        );
        const masterSecretArn = cluster.masterUserSecrets.apply((s) => s[0].secretArn);

        // Made whether or not a password is given, as PostgresDb does: setting one later must not delete it.
        const generated = generatedPassword(`${name}-app-password`, this, protect);
        const password = pulumi.secret(args.password ?? generated);
        const credentials = new k8s.core.v1.Secret(
            `${name}-credentials`,
            appCredentialsArgs(d.names.credentials, args.namespace, wl.labels, { user: username, password, database: databaseName }),
            childOpts,
        );
        const scripts = new k8s.core.v1.ConfigMap(
            `${name}-bootstrap-scripts`,
            bootstrapScriptsArgs(d.names.scripts, args.namespace, wl.labels),
            childOpts,
        );
        const account = awsServiceAccount(
            `${name}-bootstrap`,
            {
                identity: args.identity,
                namespace: args.namespace,
                serviceAccount: d.names.job,
                policy: masterSecretArn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Sid: "ReadMasterSecret", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: arn }],
                    }),
                ),
                description: "fastapi-eks: the Aurora bootstrap Job reads the master user's secret",
                labels: wl.labels,
            },
            this,
        );
        const vpc = aws.ec2.getVpcOutput({ id: args.vpcId }, parent);
        this.vpcCidr = vpc.cidrBlock;
        const netpol = new k8s.networking.v1.NetworkPolicy(
            `${name}-bootstrap-network-policy`,
            awsJobNetworkPolicyArgs(d.names.job, args.namespace, wl, { cidr: this.vpcCidr }),
            childOpts,
        );
        const job = new k8s.batch.v1.Job(
            `${name}-bootstrap`,
            bootstrapJobArgs({
                nodeSelector: args.nodeSelector,
                name: d.names.job,
                namespace: args.namespace,
                wl,
                serviceAccountName: account.metadata.name,
                scriptsConfigMap: scripts.metadata.name,
                credentialsSecret: credentials.metadata.name,
                credentialsVersion: credentials.metadata.resourceVersion,
                masterSecretArn,
                region: cluster.arn.apply((arn) => arn.split(":")[3]),
                host: cluster.endpoint,
                dbImage,
                awsCliImage,
                resources: d.resources,
            }),
            // A Job's template cannot change: a new one replaces it, the old one going first (one name). A new
            // password changes the template (the credentials' resourceVersion), so the Job runs again and sets
            // it in Aurora; the app's URL is read after the Job, so the app takes the password only then.
            { ...childOpts, dependsOn: [writer, netpol], deleteBeforeReplace: true },
        );

        this.host = cluster.endpoint;
        this.port = pulumi.output(POSTGRES_PORT);
        this.databaseName = pulumi.output(databaseName);
        this.username = pulumi.output(username);
        this.password = password;
        this.secretName = credentials.metadata.name;
        // Read after the Job: the app and the backups start only once the role and database exist.
        this.urlWithoutPassword = pulumi.secret(
            pulumi
                .all([cluster.endpoint, job.metadata.name])
                .apply(
                    ([host]) =>
                        `${connectionUrl({ user: username, host, port: POSTGRES_PORT, database: databaseName })}?sslmode=${this.sslMode}`,
                ),
        );
        this.registerOutputs({
            host: this.host,
            databaseName: this.databaseName,
            username: this.username,
            urlWithoutPassword: this.urlWithoutPassword,
            vpcCidr: this.vpcCidr,
        });
    }
}
