/**
 * Which of an existing cluster's subnets are private, asked of EC2 at
 * preview: Auto Mode launches a NodeClass's nodes in the subnets it selects,
 * and a node in a public subnet gets a public address (EKS User Guide,
 * "Auto Mode change log", 6 August 2025: AssociatePublicIpAddress follows the
 * subnet's type). The workloads' nodes go only to the private ones.
 */
import * as aws from "@pulumi/aws";

/** What decides whether a subnet is public: the route table it follows. */
export interface RouteTableFacts {
    /** The VPC's main route table, which every subnet without a table of its own follows. */
    main: boolean;
    /** The subnets explicitly associated with it. */
    subnetIds: string[];
    /** Whether it routes anything to an internet gateway (`igw-`), which makes its subnets public. */
    toInternetGateway: boolean;
}

/**
 * Of `subnetIds`, those whose route table (their own, else the VPC's main one)
 * sends nothing to an internet gateway: the Amazon VPC User Guide's definition
 * of a private subnet ("Subnets for your VPC", Subnet types).
 */
export function privateSubnetsOf(subnetIds: string[], tables: RouteTableFacts[]): string[] {
    const main = tables.find((t) => t.main);
    return subnetIds.filter((id) => {
        const table = tables.find((t) => t.subnetIds.includes(id)) ?? main;
        return table !== undefined && !table.toInternetGateway;
    });
}

/**
 * The private subnets of an existing cluster, by its name: its VPC's route
 * tables read through the provider's data sources (terraform-provider-aws
 * vpc_route_table_data_source.go: `routes[].gateway_id`, with the VPC's
 * `local` route left out, and `associations[]` with `subnet_id` and `main`).
 */
export async function privateClusterSubnets(clusterName: string): Promise<string[]> {
    const cluster = await aws.eks.getCluster({ name: clusterName });
    const { ids } = await aws.ec2.getRouteTables({ vpcId: cluster.vpcConfig.vpcId });
    const tables = await Promise.all(
        ids.map(async (routeTableId) => {
            const t = await aws.ec2.getRouteTable({ routeTableId });
            return {
                main: t.associations.some((a) => a.main),
                subnetIds: t.associations.flatMap((a) => (a.subnetId ? [a.subnetId] : [])),
                toInternetGateway: t.routes.some((r) => (r.gatewayId ?? "").startsWith("igw-")),
            };
        }),
    );
    return privateSubnetsOf(cluster.vpcConfig.subnetIds, tables);
}
