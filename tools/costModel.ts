/**
 * The monthly cost of what a stack's program registers, line by line, from
 * the registrations the mock runtime records and the dated price table.
 * Usage-based items carry the assumption they are priced at.
 */
import { storageBytes } from "../components/shared";
import { EKS_STANDARD_SUPPORT_ENDS } from "../components/cluster/rules";
import { HOURS_PER_MONTH, PRICES, Price, RegionPrices } from "./prices";
import { Registration, reveal } from "./offline/mockRuntime";
import { observabilityLines } from "./costObservability";

export interface CostLine {
    item: string;
    quantity: string;
    /** e.g. "$0.0416/hour"; "unpriced" when the table has no price. */
    unitPrice: string;
    /** Undefined when unpriced. */
    monthly?: number;
    /** The usage assumed, for usage-based items. */
    assumption?: string;
}

export interface Estimate {
    region: string;
    lines: CostLine[];
    total: number;
    /** Items the table cannot price: the total leaves them out, and says so. */
    unpriced: string[];
    /** Where the prices came from, when not the table alone (live prices). */
    priceNote?: string;
}

/** What usage-based items are priced at, per month. */
export const ASSUMED = {
    natDataGb: 10,
    albIdleLcu: 1,
    /**
     * Control-plane logs by type, 2 GB a month for all five: reasoned, not measured. A small cluster's logs are its
     * controllers' API calls, nearly all in the audit log (audit was about 99.5% of a cluster log group's ingest,
     * beside api and authenticator, in useparagon/enterprise-installer#158); the other four at 2.5 MB each.
     */
    logsGbByType: { audit: 1.99, api: 0.0025, authenticator: 0.0025, controllerManager: 0.0025, scheduler: 0.0025 } as Record<
        string,
        number
    >,
    imageGb: 0.3,
    auroraGb: 1,
    auroraMillionIos: 10,
    autoModeInstance: "c6a.large",
    /** Allocatable vCPU of one c6a.large, after the kubelet's and the system pods' share. */
    autoModeVcpu: 1.5,
    /** An Auto Mode node's ephemeral storage, the NodeClass default. */
    autoModeVolumeGib: 80,
    zones: 2,
} as const;

const ZONE = "topology.kubernetes.io/zone";
const all = (regs: Registration[], type: string) => regs.filter((r) => r.type === type).map((r) => ({ r, v: reveal<any>(r.inputs) }));
const cpu = (q: string | undefined) => (q === undefined ? 0 : q.endsWith("m") ? Number(q.slice(0, -1)) / 1000 : Number(q));
/** A storage quantity in GiB, by the rule the config checks sizes with. */
const gib = (q: string) => {
    const bytes = storageBytes(q);
    return typeof bytes === "number" ? bytes / 2 ** 30 : Number.NaN;
};
/** A unit price: cents always, and the fractions of a cent that the price has. */
const money = (usd: number) => `$${usd.toFixed(5).replace(/0{1,3}$/, "")}`;

export function estimate(regs: Registration[], region: string, prices: Partial<RegionPrices> | undefined = PRICES[region]): Estimate {
    const lines: CostLine[] = [];
    const add = (item: string, count: number, unit: string, price: Price | undefined, hours: boolean, assumption?: string) => {
        if (count <= 0) return;
        const perMonth = hours ? count * HOURS_PER_MONTH : count;
        lines.push({
            item,
            quantity: hours ? `${count} x ${HOURS_PER_MONTH} h` : `${count} ${unit}`,
            unitPrice: price ? `${money(price.usd)}/${price.per}` : "unpriced",
            monthly: price ? Math.round(perMonth * price.usd * 100) / 100 : undefined,
            assumption,
        });
    };

    const cluster = all(regs, "eks:index:Cluster")[0]?.v;
    if (cluster) {
        const extended = cluster.upgradePolicy?.supportType === "EXTENDED";
        // On the price table's date: a version past standard support stays, at the extended rate, or is upgraded.
        const ends = EKS_STANDARD_SUPPORT_ENDS[cluster.version as keyof typeof EKS_STANDARD_SUPPORT_ENDS];
        const asOf = prices?.eksStandard?.asOf;
        const past = ends !== undefined && asOf !== undefined && ends <= asOf;
        if (past && extended) {
            add(
                `EKS control plane (extended support: ${cluster.version} left standard support on ${ends})`,
                1,
                "",
                prices?.eksExtended,
                true,
            );
        } else {
            const note = past
                ? `; ${cluster.version} left it on ${ends}, so EKS upgrades the cluster to the next version`
                : extended
                  ? `; EXTENDED tier: $${prices?.eksExtended?.usd.toFixed(2) ?? "0.60"}/hour once the version leaves it${ends ? ` on ${ends}` : ""}`
                  : "";
            add(`EKS control plane (standard support${note})`, 1, "", prices?.eksStandard, true);
        }
        const types: string[] = cluster.enabledClusterLogTypes ?? [];
        const gb = Math.round(types.reduce((s, t) => s + (ASSUMED.logsGbByType[t] ?? 0), 0) * 1e4) / 1e4;
        const why = types.includes("audit")
            ? "mostly the audit log of its controllers' API calls"
            : "without the audit log, which is nearly all of it";
        add(
            "CloudWatch Logs, control plane, ingested",
            gb,
            "GB",
            prices?.logsIngest,
            false,
            `${gb} GB a month for ${types.length} log type${types.length === 1 ? "" : "s"}, reasoned not measured: ${why}`,
        );
        add("CloudWatch Logs, control plane, stored 30 days", gb, "GB-month", prices?.logsStore, false, `${gb} GB kept`);
    }
    for (const { v } of all(regs, "eks:index:ManagedNodeGroup")) {
        const type: string = v.instanceTypes?.[0] ?? "t3.medium";
        const n: number = v.scalingConfig?.desiredSize ?? 2;
        const [min, max]: number[] = [v.scalingConfig?.minSize ?? n, v.scalingConfig?.maxSize ?? n];
        const price = prices?.instances?.[type];
        // With the Cluster Autoscaler the count moves between the group's bounds: priced at the size it is created with.
        const range =
            v.ignoreScalingChanges && max > min && price
                ? `${n} as created; the autoscaler runs ${min} to ${max}: $${(min * HOURS_PER_MONTH * price.usd).toFixed(2)} to $${(max * HOURS_PER_MONTH * price.usd).toFixed(2)}`
                : undefined;
        add(`EC2 nodes, ${type}`, n, "", price, true, range);
        // Without a launch template EKS makes them gp2 (aws/containers-roadmap#1417: no volume type in CreateNodegroup).
        add(`Node root volumes, ${v.diskSize ?? 20} GiB gp2 each`, n * (v.diskSize ?? 20), "GB-month", prices?.gp2, false);
    }
    if (cluster?.autoMode?.enabled) {
        // Auto Mode picks the instances; priced as enough of one general-purpose type for the pods' CPU requests.
        const pods = [...all(regs, "kubernetes:apps/v1:Deployment"), ...all(regs, "kubernetes:apps/v1:StatefulSet")];
        const vcpu = pods.reduce(
            (sum, { v }) =>
                sum +
                (v.spec.replicas ?? 1) *
                    v.spec.template.spec.containers.reduce((s: number, c: any) => s + cpu(c.resources?.requests?.cpu), 0),
            0,
        );
        // Pods spread over zones (a topology spread on topology.kubernetes.io/zone, which Karpenter honours) need a
        // node in each zone they take, however little CPU they ask: as many as replicas, up to the VPC's zones.
        const privateSubnets = regs.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.name.includes("private")).length;
        const spread = Math.max(
            0,
            ...pods
                .filter(({ v }) => (v.spec.template.spec.topologySpreadConstraints ?? []).some((c: any) => c.topologyKey === ZONE))
                .map(({ v }) => Math.min(v.spec.replicas ?? 1, privateSubnets || ASSUMED.zones)),
        );
        const n = Math.max(1, Math.ceil(vcpu / ASSUMED.autoModeVcpu), spread);
        const type = ASSUMED.autoModeInstance;
        // The workloads' NodePool caps what Karpenter may add: its vCPU limit, in instances of 2 vCPU (a c6a.large).
        const limit = all(regs, "kubernetes:karpenter.sh/v1:NodePool")[0]?.v.spec?.limits?.cpu;
        const most = limit === undefined ? undefined : Math.floor(Number(limit) / 2);
        const price = prices?.instances?.[type];
        const upTo = most !== undefined && price ? `; up to ${most} under load, $${(most * HOURS_PER_MONTH * price.usd).toFixed(2)}` : "";
        const zonesNote = spread > 1 ? `, at least one in each of ${spread} zones the app spreads over` : "";
        const why = `${n} x ${type} for ${vcpu.toFixed(2)} vCPU of pod requests${zonesNote}${upTo}`;
        add(`EC2 instances (Auto Mode), ${type}`, n, "", prices?.instances?.[type], true, why);
        add(`EKS Auto Mode management fee, ${type}`, n, "", prices?.autoModeFee?.[type], true, why);
        // Each node's data volume: a NodeClass without ephemeralStorage gets 80 GiB of gp3 (EKS User Guide, "Create a Node Class").
        const volume = ASSUMED.autoModeVolumeGib;
        add(`Auto Mode node volumes, ${volume} GiB gp3 each`, n * volume, "GB-month", prices?.gp3, false, `${n} node${n === 1 ? "" : "s"}`);
    }
    const nats = all(regs, "aws:ec2/natGateway:NatGateway").length;
    add("NAT gateways", nats, "", prices?.natHour, true);
    if (nats > 0)
        add(
            "NAT gateway data processed",
            ASSUMED.natDataGb,
            "GB",
            prices?.natData,
            false,
            `${ASSUMED.natDataGb} GB a month, reasoned: image pulls through NAT (about 1 GB a node rollout) and AWS API calls`,
        );

    // Only an Ingress of class alb is an ALB; a laptop's Traefik costs nothing on AWS, nor do its local-path volumes.
    const allIngresses = all(regs, "kubernetes:networking.k8s.io/v1:Ingress");
    const ingresses = allIngresses.filter(({ v }) => (v.spec.ingressClassName ?? "alb") === "alb");
    const onLaptop = allIngresses.length > 0 && ingresses.length === 0;
    const classScheme = all(regs, "kubernetes:eks.amazonaws.com/v1:IngressClassParams")[0]?.v.spec?.scheme;
    const publicSubnets = regs.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.name.includes("public")).length;
    const zones = publicSubnets > 0 ? publicSubnets : ASSUMED.zones;
    const internetFacing = ingresses.filter(
        ({ v }) => (classScheme ?? v.metadata.annotations?.["alb.ingress.kubernetes.io/scheme"] ?? "internet-facing") === "internet-facing",
    ).length;
    add("Application Load Balancer", ingresses.length, "", prices?.albHour, true);
    add(
        "ALB capacity units, idle",
        ingresses.length * ASSUMED.albIdleLcu,
        "",
        prices?.albLcu,
        true,
        `${ASSUMED.albIdleLcu} LCU per ALB all month, an upper bound for light traffic: one LCU is 25 new connections a second or 1 GB an hour (ELB pricing)`,
    );
    const ips = all(regs, "aws:ec2/eip:Eip").length + internetFacing * zones;
    add(`Public IPv4 addresses (NAT, and the ALB's in ${zones} zones)`, ips, "", prices?.publicIpv4, true);

    // The site's own certificate and alias record (domainName without certificateArn); its hosted zone is the user's, not the stack's.
    const certificates = all(regs, "aws:acm/certificate:Certificate").length;
    add("ACM public certificate", certificates, "", prices?.acmPublicCertificate, false);
    const aliases = all(regs, "aws:route53/record:Record").filter(({ v }) => (v.aliases ?? []).length > 0).length;
    if (aliases > 0)
        add(
            "Route 53 queries to the site's alias record",
            1,
            "million queries",
            prices?.route53AliasQueries,
            false,
            "free for an alias of a load balancer; the hosted zone is yours and not counted",
        );
    for (const { v } of onLaptop ? [] : all(regs, "kubernetes:apps/v1:StatefulSet")) {
        for (const t of v.spec.volumeClaimTemplates ?? [])
            add("EBS gp3 database volume", gib(t.spec.resources.requests.storage), "GB-month", prices?.gp3, false);
    }
    const aurora = all(regs, "aws:rds/cluster:Cluster")[0]?.v;
    if (aurora) {
        const { minCapacity, maxCapacity } = aurora.serverlessv2ScalingConfiguration;
        add(
            "Aurora Serverless v2 capacity",
            minCapacity,
            "",
            prices?.auroraAcu,
            true,
            `at its minimum, ${minCapacity} ACU, all month; up to ${maxCapacity} ACU under load`,
        );
        // RDS keeps the master password in a Secrets Manager secret of its own (manageMasterUserPassword).
        add("Secrets Manager secret, Aurora's master password", 1, "secret", prices?.secret, false);
        add("Aurora storage", ASSUMED.auroraGb, "GB-month", prices?.auroraStorage, false, `${ASSUMED.auroraGb} GB of data`);
        add(
            "Aurora I/O",
            ASSUMED.auroraMillionIos,
            "million requests",
            prices?.auroraIo,
            false,
            `${ASSUMED.auroraMillionIos} million requests a month`,
        );
    }
    const lifecycle = all(regs, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0]?.v;
    const dbGb =
        all(regs, "kubernetes:apps/v1:StatefulSet").map(({ v }) =>
            gib(v.spec.volumeClaimTemplates?.[0]?.spec.resources.requests.storage ?? "0Gi"),
        )[0] ?? (aurora ? ASSUMED.auroraGb : 0);
    if (lifecycle) {
        const days: number = lifecycle.rules[0].expiration.days;
        add(
            "S3 backups, stored",
            days * dbGb,
            "GB-month",
            prices?.s3Standard,
            false,
            `at most ${days} daily dumps the size of the ${dbGb} GiB volume`,
        );
    }
    const ecr = all(regs, "aws:ecr/lifecyclePolicy:LifecyclePolicy")[0]?.v;
    if (ecr) {
        const kept: number = JSON.parse(ecr.policy).rules[0].selection.countNumber;
        add(
            "ECR image storage",
            Math.round(kept * ASSUMED.imageGb * 10) / 10,
            "GB-month",
            prices?.ecrStorage,
            false,
            `${kept} images of ${ASSUMED.imageGb} GB`,
        );
    }
    observabilityLines(regs, prices, add);
    const priced = lines.filter((l) => l.monthly !== undefined);
    const total = Math.round(priced.reduce((s, l) => s + (l.monthly as number), 0) * 100) / 100;
    const unpriced = lines.filter((l) => l.monthly === undefined).map((l) => l.item);
    return { region, lines, total, unpriced };
}

export { compareEstimates, formatEstimate, lastLine } from "./costFormat";
