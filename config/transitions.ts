/**
 * The changes a live stack cannot take, each refused before anything is
 * registered, naming its key, the reason and the way forward: against what
 * the last `up` recorded (lastApplied.ts). Each rule cites the source that
 * says what AWS, Kubernetes or PostgreSQL would do instead.
 */
import * as pulumi from "@pulumi/pulumi";
import { LB_CONTROLLER_CHART, postgresMajor, storageBytes } from "../components";
import { ConfigError, PROJECT } from "./reader";
import { LastApplied, clusterHomeOf, installsLbController, runsAwsClients } from "./lastApplied";
import type { StackConfig } from "./index";

/**
 * Whether the stack reaches its cluster through kubectl's current context: the
 * ambient kubeconfig, no context named. That kubeconfig is read at each run,
 * and after a `kubectl config use-context` elsewhere the Kubernetes provider's
 * own inputs are unchanged (pulumi-kubernetes provider.go, DiffConfig: no
 * kubeconfig to compare), so the next up would send every change to the other
 * cluster, making there what it updates.
 */
function followsCurrentContext(c: StackConfig): boolean {
    return !c.createCluster && c.clusterName === undefined && c.kubeconfig === undefined && !c.kubeContext;
}
const CURRENT_CONTEXT =
    "is empty, so the stack follows kubectl's current context, and an up after a `kubectl config use-context` would go to that other cluster";
const NAME_CONTEXT =
    "pulumi config set kubeContext <the context of the cluster the stack runs on> (kubectl config get-contexts lists them)";

/** One problem per change the last deployment cannot take, each naming its key, the reason and the way forward. */
export function transitionProblems(c: StackConfig, earlier: LastApplied): string[] {
    const problems: string[] = [];
    const problem = (key: string, why: string, fix: string) => problems.push(`${PROJECT}:${key}: ${why}. Fix: ${fix}`);
    const home = clusterHomeOf(c);
    if (earlier.clusterHome !== undefined && earlier.clusterHome !== home) {
        // The Kubernetes provider would change: Pulumi replaces every object, deleting it from the old cluster (a
        // created one, with its VPC, goes too); a protected database stops that half-way, after the new is made.
        const key = home === "laptop" || earlier.clusterHome === "laptop" ? "localCluster" : "createCluster";
        const where = { created: "the cluster the stack created", attached: "an existing cluster", laptop: "a laptop's cluster" };
        problem(
            key,
            `would move the app and its database from ${where[earlier.clusterHome]} to ${where[home]}, deleting them there, their data with them`,
            `pulumi stack init <a new stack> for the new place, and migrate the data (docs/database.md); or set ${key} back`,
        );
    }
    if (earlier.localCluster !== undefined && c.localCluster !== "none" && c.localCluster !== earlier.localCluster) {
        // Each is a cluster of its own (tools/local/kind.sh makes one or the other): the objects would be made on the
        // new one and deleted from the old, which is often gone by then, failing the up half-way.
        problem(
            "localCluster",
            `is ${c.localCluster}, but the app runs on the ${earlier.localCluster} cluster, another cluster`,
            `pulumi config set localCluster ${earlier.localCluster}; for ${c.localCluster}, pulumi destroy this stack first (or pulumi stack init another)`,
        );
    }
    if (earlier.identityMode !== undefined && c.identityMode !== earlier.identityMode && runsAwsClients(c)) {
        // A pod gets its credentials' wiring when it starts (the Pod Identity or IRSA webhook injects its env), so
        // the running controllers would keep asking with the old one, which the switch removes (the association,
        // or the role's OIDC trust): no volume attached, no ALB changed, until each is restarted.
        problem(
            "identityMode",
            `is ${c.identityMode}, but the add-ons' running pods get their AWS credentials through ${earlier.identityMode}, which the switch would take from them while they run`,
            `pulumi config set identityMode ${earlier.identityMode} (the other mode needs a new stack: pulumi stack init, and a backup restored there)`,
        );
    }
    const region = earlier.region;
    if (region !== undefined && c.awsRegion !== undefined && c.awsRegion !== region && c.localCluster === "none") {
        // The AWS provider's region is part of every resource's identity: each would be made anew in the other region
        // and the old deleted (pulumi/pulumi: a changed provider replaces its resources), the data with them; on a
        // protected stack the deletes are refused after the new copies are made.
        problems.push(
            `aws:region: is ${c.awsRegion}, but the stack's AWS resources are in ${region}, and each would be made anew there and deleted here, the data with them. Fix: pulumi config set aws:region ${region}; for another region, pulumi stack init <a new stack> there, and restore a backup (docs/database.md)`,
        );
    }
    const ran = earlier.clusterName;
    if (
        ran !== undefined &&
        c.clusterName !== undefined &&
        c.clusterName !== ran &&
        earlier.clusterHome !== "laptop" &&
        home !== "laptop"
    ) {
        // A created cluster: its name is fixed (EKS CreateCluster; terraform-provider-aws eks/cluster.go, `name`
        // ForceNew), so a new one would be made and the old deleted with everything on it. An existing one: the
        // Kubernetes provider changes, so every object is made anew on the other cluster and deleted from this one.
        problem(
            "clusterName",
            `is ${c.clusterName}, but the app and its database run on ${ran}, and ${c.createCluster ? "EKS cannot rename a cluster: a new one would be made, the old deleted with everything on it" : "every object would move to the other cluster, deleted where it is, the data with it"}`,
            `pulumi config set clusterName ${ran}; for another cluster, pulumi stack init <a new stack> there, and restore a backup (docs/database.md)`,
        );
    }
    // EKS User Guide, create-cluster: "You can't change which VPC you want to use after cluster creation"; a new
    // CIDR block replaces the VPC (terraform-provider-aws vpc.go, cidr_block ForceNew), its subnets with it.
    const net = { vpcCidr: earlier.vpcCidr, vpcId: earlier.vpcId };
    if (c.createCluster && (net.vpcCidr !== undefined || net.vpcId !== undefined)) {
        const was = net.vpcId ?? `a new VPC (${net.vpcCidr})`;
        const now = c.vpcId ?? `a new VPC (${c.vpcCidr})`;
        if (was !== now) {
            problem(
                c.vpcId !== undefined || net.vpcId !== undefined ? "vpcId" : "vpcCidr",
                `would put the cluster in ${now}, but it was created in ${was}, and EKS never moves a cluster to another VPC`,
                net.vpcId !== undefined
                    ? `pulumi config set vpcId ${net.vpcId}`
                    : `pulumi config set vpcCidr ${net.vpcCidr} (and pulumi config rm vpcId)`,
            );
        }
    }
    if (earlier.clusterHome === "created" && home === "created" && earlier.autoMode !== undefined && earlier.autoMode !== c.autoMode) {
        // Each mode has its own EBS driver (ebs.csi.aws.com, an add-on, against Auto Mode's ebs.csi.eks.amazonaws.com)
        // and its own ALB controller: the database's volume would be left to a driver the cluster no longer runs.
        problem(
            "autoMode",
            `is ${c.autoMode}, but the cluster was created ${earlier.autoMode ? "in" : "without"} Auto Mode, and the other mode's EBS driver and ALB controller would leave the database's volume and the app's ALB to ones the cluster no longer runs`,
            `pulumi stack init <a new stack> for the other mode, and restore a backup there (docs/database.md); or pulumi config set autoMode ${earlier.autoMode}`,
        );
    }
    const zones = earlier.availabilityZones;
    if (zones !== undefined && c.createCluster && c.vpcId === undefined && c.availabilityZoneCount !== zones.length) {
        // Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and subnets": "All subnets that
        // you add must be in the same set of AZs as originally provided when you created the cluster." The new
        // subnets and NAT gateways would be made first, and the cluster's update refused after them.
        problem(
            "availabilityZoneCount",
            `is ${c.availabilityZoneCount}, but the cluster was created in ${zones.length} zones (${zones.join(", ")}), and EKS keeps a cluster's subnets in the zones it was created in`,
            `pulumi config set availabilityZoneCount ${zones.length} (other zones need a new stack: pulumi stack init)`,
        );
    }
    if (earlier.database === "inCluster" && c.database === "aurora" && c.appReplicas > 0) {
        // The switch's own up makes Aurora empty and points the app at it, then deletes the StatefulSet (its volume
        // kept): the running app would write to an empty database. tools/migrate-to-aurora.sh stops the app first.
        problem(
            "database",
            "is aurora, but the data is in the cluster's database, and the running app would switch to an empty Aurora",
            "bash tools/migrate-to-aurora.sh, which stops the app, dumps the data, switches and restores it there (docs/database.md)",
        );
    }
    if (earlier.database === "aurora" && c.database === "inCluster") {
        // Aurora would go (to its final snapshot, where protected) and the app start on an empty StatefulSet.
        problem(
            "database",
            "is inCluster, but the data is in Aurora, and the app would start on an empty database in the cluster",
            "pulumi config set database aurora; to leave Aurora, restore a backup into a new stack (docs/database.md)",
        );
    }
    const keepsBucket = c.backupEnabled && c.backupBucket === undefined && c.clusterName !== undefined;
    if (earlier.backupBucket === "made" && c.protectData && !keepsBucket) {
        // The bucket and its guards are protected (components/backup/bucket.ts): the engine refuses their deletes
        // only when it reaches them, after the backups' jobs and roles are gone.
        const key = c.backupEnabled && c.backupBucket !== undefined ? "backupBucket" : "backupEnabled";
        problem(
            key,
            "would delete the backup bucket the stack made, which holds the dumps and is protected (protectData), so the delete would be refused half-way",
            `pulumi config ${key === "backupBucket" ? "rm backupBucket" : "set backupEnabled true"}; to delete it, dumps and all, pulumi config set protectData false and pulumi up first (the database is unprotected too), then this change`,
        );
    }
    if (earlier.namespaceMade === true && !c.createNamespace && c.namespace === earlier.namespace) {
        // Kubernetes docs, "Namespaces": deleting a namespace deletes everything in it. The stack would delete the
        // one it made (or, protected, be refused half-way), the app's and the database's objects with it.
        problem(
            "createNamespace",
            `is false, but the stack made the namespace ${c.namespace}, and dropping it deletes the namespace, and with it everything in it, the database too`,
            "pulumi config set createNamespace true",
        );
    }
    // The controller registers the app's pods with the ALB (TargetGroupBinding) and removes the ALB with the
    // Ingress (its finalizer ingress.k8s.aws/resources, aws-load-balancer-controller pkg/ingress/finalizer.go):
    // uninstalled, a rollout's new pods would never reach the ALB, and the Ingress's delete would wait forever. The
    // driver attaches the database's volume wherever its pod starts. Either may pass to the cluster's owner, out of
    // the stack first.
    const handOver = (key: string) =>
        `pulumi config set ${key} true (to leave it to the cluster's owner: pulumi state delete <its URN>, from pulumi stack --show-urns, then set ${key} false)`;
    if (earlier.lbControllerChartVersion !== undefined && !installsLbController(c) && c.localCluster === "none" && !c.createCluster) {
        const key = c.autoMode ? "autoMode" : "installLbController";
        problem(
            key,
            "would uninstall the AWS Load Balancer Controller the stack installed, which keeps the app's ALB in step with its pods",
            handOver("installLbController"),
        );
    }
    if (earlier.ebsCsiDriver === "installed" && !c.installEbsCsiDriver && c.database === "inCluster" && !c.createCluster) {
        problem(
            "installEbsCsiDriver",
            "would uninstall the EBS CSI driver the stack installed, which attaches the database's volume wherever its pod starts",
            handOver("installEbsCsiDriver"),
        );
    }
    if (earlier.dbStorageClassMade === true && !c.createStorageClass && c.database === "inCluster" && c.localCluster === "none") {
        // The class would be deleted; its volume stays (reclaim policy Retain), but Kubernetes grows a claim only
        // through its class's allowVolumeExpansion (Kubernetes docs, "Persistent Volumes": expanding persistent
        // volume claims), so a bigger dbStorageSize would then fail, as would any new volume in the class's name.
        problem(
            "createStorageClass",
            `is false, but the stack made the StorageClass ${earlier.dbStorageClass ?? c.dbStorageClass} of the database's volume, which would be deleted, and the volume could no longer grow`,
            "pulumi config set createStorageClass true",
        );
    }
    // The init script (components/database/scripts.ts; Aurora's bootstrap runs it too) makes a role or a database
    // that is missing and moves nothing: another dbName would start the app on a new, empty database, the data left
    // in the old one; another dbUser could not read the tables, which their owner alone may use until it grants
    // others (PostgreSQL docs, "Privileges").
    if (earlier.dbName !== undefined && c.dbName !== earlier.dbName) {
        problem(
            "dbName",
            `is ${c.dbName}, but the app's data is in the database ${earlier.dbName}, and the app would start on a new, empty ${c.dbName}`,
            `pulumi config set dbName ${earlier.dbName}; for another name, restore a backup into a new stack that uses it (docs/database.md)`,
        );
    }
    if (earlier.dbUser !== undefined && c.dbUser !== earlier.dbUser) {
        problem(
            "dbUser",
            `is ${c.dbUser}, but the app's tables belong to ${earlier.dbUser}, and a new role could not read them`,
            `pulumi config set dbUser ${earlier.dbUser}`,
        );
    }
    if (earlier.namespace !== undefined && followsCurrentContext(c)) {
        problem("kubeContext", CURRENT_CONTEXT, NAME_CONTEXT);
    }
    const lived = earlier.namespace;
    if (lived !== undefined && c.namespace !== lived && (c.database === "inCluster" || c.protectData)) {
        // pulumi-kubernetes replaces an object whose metadata.namespace changes, creating the new before deleting
        // the old: the in-cluster database would start empty in the new namespace, its volume left in the old; and
        // on a protected stack the old objects' deletes fail after the new ones are made.
        problem(
            "namespace",
            `is ${c.namespace}, but the app and its data live in ${lived}, and every object would be made anew there, ${c.database === "inCluster" ? "the database empty, its volume left behind" : "the protected ones refusing their deletes half-way"}`,
            `pulumi config set namespace ${lived}; to move, restore a backup into a new stack (docs/database.md)`,
        );
    }
    const [made, major] = [postgresMajor(earlier.dbImage ?? ""), postgresMajor(c.dbImage)];
    if (made !== undefined && major !== undefined && made !== major && c.database === "inCluster") {
        // PostgreSQL docs, "Upgrading a PostgreSQL Cluster": a major release's data directory needs pg_upgrade or a
        // dump and restore. The StatefulSet would roll onto a server that refuses the volume's files ("database
        // files are incompatible with server") and restart it for ever: the database down, the up failed half-way.
        problem(
            "dbImage",
            `is ${c.dbImage}, PostgreSQL ${major}, but the database's files were made by PostgreSQL ${made} (${earlier.dbImage}), and a server starts only on its own major version's files`,
            `pulumi config set dbImage ${earlier.dbImage}; for PostgreSQL ${major}, restore a backup into a new stack that runs it (docs/database.md)`,
        );
    }
    const madeIn = earlier.dbStorageClass;
    if (madeIn !== undefined && c.database === "inCluster" && c.localCluster === "none" && c.dbStorageClass !== madeIn) {
        // Kubernetes API, StatefulSet: updates to fields other than replicas, ordinals, template, updateStrategy,
        // persistentVolumeClaimRetentionPolicy and minReadySeconds are forbidden; the program ignores the claim
        // template after creation, so the change would do nothing, silently.
        problem(
            "dbStorageClass",
            `is ${c.dbStorageClass}, but the database's volume was made with ${madeIn}, and a StatefulSet's volume template never changes`,
            `pulumi config set dbStorageClass ${madeIn}; for another class, restore a backup into a new stack that uses it (docs/database.md)`,
        );
    }
    const was = earlier.dbStorageSize;
    if (was !== undefined && c.database === "inCluster" && Number(storageBytes(c.dbStorageSize)) < Number(storageBytes(was))) {
        // Kubernetes docs, "Persistent Volumes", Expanding Persistent Volumes Claims: a claim can only grow.
        problem(
            "dbStorageSize",
            `is ${c.dbStorageSize}, but the database's volume is ${was}, and a volume can grow but never shrink`,
            `pulumi config set dbStorageSize ${was}`,
        );
    }
    return problems;
}

/** Throws a ConfigError when the last deployment cannot take the config. Registers nothing. */
export function checkTransitions(c: StackConfig, earlier: LastApplied): void {
    const problems = transitionProblems(c, earlier);
    if (problems.length > 0) throw new ConfigError(problems);
    for (const warning of transitionWarnings(c, earlier)) pulumi.log.warn(warning);
}

/** The changes a live stack takes, but only with a step of the user's first, each saying which. */
export function transitionWarnings(c: StackConfig, earlier: LastApplied): string[] {
    const warnings: string[] = [];
    if (earlier.namespace === undefined && followsCurrentContext(c)) {
        warnings.push(`${PROJECT}:kubeContext: ${CURRENT_CONTEXT}; the next up refuses it. Set it now: ${NAME_CONTEXT}`);
    }
    const chart = earlier.lbControllerChartVersion;
    if (chart !== undefined && installsLbController(c) && c.lbControllerChartVersion !== chart) {
        // Helm applies a chart's crds/ at install only, never at an upgrade (Helm docs, "Custom Resource Definitions"),
        // and this chart keeps its CRDs there (helm/aws-load-balancer-controller/crds/crds.yaml, changed between
        // releases): the new controller would run against the CRDs of the version first installed.
        const { chart: name, repo } = LB_CONTROLLER_CHART;
        const version = c.lbControllerChartVersion;
        warnings.push(
            `${PROJECT}:lbControllerChartVersion: moves from ${chart} to ${version}, and Helm upgrades a release without its chart's CRDs. Apply them before this up: helm show crds ${name} --repo ${repo} --version ${version} | kubectl apply --server-side --force-conflicts -f - ; and compare the controller's IAM policy (components/addons/lbControllerPolicy.ts) with that version's docs/install/iam_policy.json`,
        );
    }
    return warnings;
}
