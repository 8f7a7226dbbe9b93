/**
 * Auto Mode nodes only in private subnets: a node Auto Mode launches in a
 * public subnet gets a public address (EKS User Guide, Auto Mode change log,
 * 6 August 2025), and eksctl refuses public cluster subnets for the built-in
 * pools (EKS User Guide, automode/wip/eksctl-docs.adoc).
 */
import * as assert from "node:assert/strict";
import { privateSubnetsOf } from "../../components";
import { one, registrations, reveal } from "../harness";
import { runProgram, stackSettings } from "../program";

const existingAuto = {
    ...stackSettings("dev"),
    "fastapi-eks:createCluster": false,
    "fastapi-eks:autoMode": true,
    "fastapi-eks:clusterName": "auto-shop",
};

describe("private subnets", () => {
    it("a subnet is private when its route table, its own or else the VPC's main one, has no route to an internet gateway", () => {
        const pub = { main: false, subnetIds: ["subnet-pub"], toInternetGateway: true };
        const nat = { main: false, subnetIds: ["subnet-nat"], toInternetGateway: false };
        assert.deepEqual(
            privateSubnetsOf(
                ["subnet-pub", "subnet-nat", "subnet-implicit"],
                [pub, nat, { main: true, subnetIds: [], toInternetGateway: false }],
            ),
            ["subnet-nat", "subnet-implicit"],
        );
        // A main table that routes to the internet makes the subnets without a table of their own public.
        assert.deepEqual(
            privateSubnetsOf(["subnet-nat", "subnet-implicit"], [nat, { main: true, subnetIds: [], toInternetGateway: true }]),
            ["subnet-nat"],
        );
    });

    it("an existing Auto Mode cluster: the workloads' NodeClass selects only its private subnets, found from its VPC's route tables", async () => {
        await runProgram(existingAuto);
        const nodeClass = reveal(one("kubernetes:eks.amazonaws.com/v1:NodeClass", "platform-network-policy-node-class").inputs);
        // The cluster has subnet-...c in a table that routes to an internet gateway, beside a and b on the main table.
        assert.deepEqual(nodeClass.spec.subnetSelectorTerms, [{ id: "subnet-0e00000000000000a" }, { id: "subnet-0e00000000000000b" }]);
    });

    it("an existing Auto Mode cluster with no private subnet: refused before anything is registered, with the way forward", async () => {
        await assert.rejects(
            runProgram({ ...existingAuto, "fastapi-eks:clusterName": "public-only" }),
            /fastapi-eks:autoMode: the cluster public-only has no private subnet .*Fix: give the cluster private subnets \(aws eks update-cluster-config --name public-only .*\), then run pulumi preview again/,
        );
        assert.deepEqual(registrations(), []);
    });
});
