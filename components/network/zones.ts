/**
 * What AWS offers where, asked at preview before anything is registered: the
 * zones a new VPC may use, the zones of existing subnets, and the zones that
 * offer an instance type.
 */
import * as aws from "@pulumi/aws";
import { USABLE_ZONES } from "./network";

/** The lookups, replaceable in tests. */
export interface ZoneLookups {
    /** The zones a new VPC would use, in the order Network takes them (USABLE_ZONES). */
    usableZones(): Promise<string[]>;
    /** Of `zones`, those that offer `instanceType` (EC2 DescribeInstanceTypeOfferings, by availability zone). */
    zonesOffering(instanceType: string, zones: string[]): Promise<string[]>;
    /** The zones of existing subnets, each once (EC2 DescribeSubnets). */
    subnetZones(subnetIds: string[]): Promise<string[]>;
}

export const awsZoneLookups: ZoneLookups = {
    async usableZones() {
        return (await aws.getAvailabilityZones(USABLE_ZONES)).names;
    },
    async zonesOffering(instanceType, zones) {
        const found = await aws.ec2.getInstanceTypeOfferings({
            locationType: "availability-zone",
            filters: [
                { name: "instance-type", values: [instanceType] },
                { name: "location", values: zones },
            ],
        });
        return found.locations;
    },
    async subnetZones(subnetIds) {
        const subnets = await Promise.all(subnetIds.map((id) => aws.ec2.getSubnet({ id })));
        return [...new Set(subnets.map((s) => s.availabilityZone))];
    },
};
