import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { checkVpcCidr, named, throwIfProblems } from "../shared";

export interface NetworkArgs {
    /** Name of the EKS cluster that will use the VPC, for the `kubernetes.io/cluster/<name>` tag. Required. */
    clusterName: string;
    /** CIDR block of the VPC, a /16. Default `10.0.0.0/16`. */
    cidrBlock?: string;
    /** Availability zones to spread subnets over, 2 or 3. Default 2. */
    availabilityZoneCount?: number;
    /**
     * The zones, by name, when they are known already: a live VPC's, which must not move (its subnets would be
     * replaced, and EKS keeps a cluster in the zones it was created in). Default: the region's first suitable zones.
     */
    availabilityZones?: string[];
    /** One NAT gateway per zone instead of one shared by all, for zone-failure tolerance at extra cost. Default false. */
    natGatewayPerAz?: boolean;
    /** Tags for every resource. Default none. */
    tags?: Record<string, string>;
}

export const NETWORK_DEFAULTS = { cidrBlock: "10.0.0.0/16", availabilityZoneCount: 2, natGatewayPerAz: false } as const;

/** /20 public subnets at the bottom of the /16, /18 private subnets above them (room for pod IPs). */
export function subnetCidrs(vpcCidr: string, count: number): { publicCidrs: string[]; privateCidrs: string[] } {
    throwIfProblems("subnetCidrs", [named("cidrBlock", checkVpcCidr(vpcCidr))]);
    const base = vpcCidr.split(".").slice(0, 2).join(".");
    const zones = Array.from({ length: count }, (_, i) => i);
    return {
        publicCidrs: zones.map((i) => `${base}.${i * 16}.0/20`),
        privateCidrs: zones.map((i) => `${base}.${(i + 1) * 64}.0/18`),
    };
}

/**
 * A subnet's id that becomes known only once the subnet is routed. Nodes
 * started in a private subnet before its NAT route exists cannot reach EKS
 * or pull images, and the node group fails; so whatever takes these ids
 * waits for the routes (and the NAT gateway behind them).
 */
function routedId(subnet: aws.ec2.Subnet, association: aws.ec2.RouteTableAssociation): pulumi.Output<string> {
    return pulumi.all([subnet.id, association.id]).apply(([id]) => id);
}

/**
 * Zone IDs where EKS refuses a control plane (UnsupportedAvailabilityZoneException;
 * Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC and
 * subnets": use1-az3, usw1-az2, cac1-az3), and use1-az3 has no t3 instances.
 * Zone names map to different IDs in each account, so they are excluded by ID.
 */
export const UNSUITABLE_ZONE_IDS = ["use1-az3", "usw1-az2", "cac1-az3"] as const;

/** The zones a new VPC takes, in order: available, not opt-in, none of UNSUITABLE_ZONE_IDS. */
export const USABLE_ZONES = {
    state: "available",
    excludeZoneIds: [...UNSUITABLE_ZONE_IDS],
    filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
};

/**
 * A VPC for EKS: public subnets for the ALB (`kubernetes.io/role/elb`),
 * private subnets for the nodes (`kubernetes.io/role/internal-elb`), across
 * at least two zones, with NAT for the private subnets.
 */
export class Network extends pulumi.ComponentResource {
    public readonly vpcId: pulumi.Output<string>;
    /** The zones of the subnets, by name, in subnet order. */
    public readonly availabilityZones: pulumi.Output<string[]>;
    public readonly publicSubnetIds: pulumi.Output<string[]>;
    /** Private subnets, known as soon as they exist: the control plane needs no route out. */
    public readonly privateSubnetIds: pulumi.Output<string[]>;
    /**
     * The private subnets' routes through NAT. Nodes started before them cannot
     * reach EKS or pull images, and the node group fails: the nodes wait for these.
     */
    public readonly privateRoutes: pulumi.Resource[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        const cidrBlock = args.cidrBlock ?? NETWORK_DEFAULTS.cidrBlock;
        const zoneCount = args.availabilityZoneCount ?? NETWORK_DEFAULTS.availabilityZoneCount;
        const natPerAz = args.natGatewayPerAz ?? NETWORK_DEFAULTS.natGatewayPerAz;
        throwIfProblems(`Network "${name}"`, [
            named(
                "availabilityZones",
                args.availabilityZones === undefined || args.availabilityZones.length === zoneCount
                    ? undefined
                    : `names ${args.availabilityZones.length} zones, but availabilityZoneCount is ${zoneCount}`,
            ),
        ]);
        const { publicCidrs, privateCidrs } = subnetCidrs(cidrBlock, zoneCount);

        super("fastapi-eks:network:Network", name, {}, opts);
        const parent = { parent: this };
        const tags = (extra: Record<string, string>) => ({ ...args.tags, ...extra });
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const zones = args.availabilityZones
            ? pulumi.output(args.availabilityZones)
            : aws.getAvailabilityZonesOutput(USABLE_ZONES, parent).names;
        const vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: tags({ Name: name }) },
            parent,
        );
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags({ Name: name }) }, parent);
        const publicRoutes = new aws.ec2.RouteTable(
            `${name}-public`,
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tags({ Name: `${name}-public` }) },
            parent,
        );

        const publicSubnets = publicCidrs.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-public-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: zones[i],
                    mapPublicIpOnLaunch: false,
                    tags: tags({ Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1", ...clusterTag }),
                },
                parent,
            );
            const association = new aws.ec2.RouteTableAssociation(
                `${name}-public-${i}`,
                { subnetId: subnet.id, routeTableId: publicRoutes.id },
                parent,
            );
            return { subnet, routed: routedId(subnet, association) };
        });

        const natGateways = publicSubnets.slice(0, natPerAz ? zoneCount : 1).map(({ subnet }, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: tags({ Name: `${name}-nat-${i}` }) }, parent);
            return new aws.ec2.NatGateway(
                `${name}-nat-${i}`,
                { subnetId: subnet.id, allocationId: eip.id, tags: tags({ Name: `${name}-nat-${i}` }) },
                { parent: this, dependsOn: [igw] },
            );
        });

        const privateSubnets = privateCidrs.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(
                `${name}-private-${i}`,
                {
                    vpcId: vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: zones[i],
                    tags: tags({ Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag }),
                },
                parent,
            );
            const nat = natGateways[natPerAz ? i : 0];
            const routes = new aws.ec2.RouteTable(
                `${name}-private-${i}`,
                { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: tags({ Name: `${name}-private-${i}` }) },
                parent,
            );
            const association = new aws.ec2.RouteTableAssociation(
                `${name}-private-${i}`,
                { subnetId: subnet.id, routeTableId: routes.id },
                parent,
            );
            return { subnet, association };
        });

        this.vpcId = vpc.id;
        this.availabilityZones = zones.apply((z) => z.slice(0, zoneCount));
        this.publicSubnetIds = pulumi.all(publicSubnets.map((s) => s.routed));
        this.privateSubnetIds = pulumi.all(privateSubnets.map((s) => s.subnet.id));
        this.privateRoutes = privateSubnets.map((s) => s.association);
        this.registerOutputs({
            vpcId: this.vpcId,
            availabilityZones: this.availabilityZones,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
        });
    }
}
