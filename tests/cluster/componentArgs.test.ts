/**
 * The cluster-side components reject what no config declaration checks (their own arguments, and how several relate)
 * before registering anything, naming each. Each config key's own format is its declaration's to check
 * (config/clusterKeys.ts), tested through the program in tests/config/badConfig.test.ts.
 */
import * as assert from "node:assert/strict";
import { AutoModeClasses, EbsCsiDriver, EksCluster, LbController, Network, Platform } from "../../components";
import { registrations, resetRegistrations, settle } from "../harness";

describe("component argument checks", () => {
    const cases: [string, () => unknown, RegExp][] = [
        [
            "Network: not a /16",
            () => new Network("n", { clusterName: "c", cidrBlock: "10.0.0.0/20" }),
            /cidrBlock: "10.0.0.0\/20" is not a \/16/,
        ],
        [
            "EksCluster: desired above max",
            () =>
                new EksCluster("e", {
                    clusterName: "c",
                    region: "us-east-1",
                    vpcId: "v",
                    publicSubnetIds: [],
                    privateSubnetIds: [],
                    nodeDesiredSize: 9,
                }),
            /nodeDesiredSize: 9 is not a whole number from 2 to 4/,
        ],
        [
            "EbsCsiDriver: IRSA without the OIDC provider",
            () => new EbsCsiDriver("d", { clusterName: "c", kubernetesVersion: "1.35", identityMode: "irsa" }),
            /identityMode: irsa needs the cluster's oidcProviderArn and oidcIssuer/,
        ],
        [
            "LbController: no replicas",
            () => new LbController("l", { clusterName: "c", region: "r", vpcId: "v", replicas: 0 }),
            /replicas: 0 is not a whole number from 1 to 10/,
        ],
        [
            "AutoModeClasses: a bad class name",
            () => new AutoModeClasses("a", { ingressClassName: "ALB" }),
            /ingressClassName: "ALB" is not a valid Kubernetes name/,
        ],
        // (A cluster to create without a name, or a VPC for an existing cluster, cannot be written: see ClusterMode.)
        [
            "Platform: a cluster to look up, without a region",
            () => new Platform("p", { mode: { kind: "existing", clusterName: "c", addons: { kind: "autoMode" } }, region: "" }),
            /region: is required to create or look up a cluster/,
        ],
    ];
    for (const [what, construct, message] of cases) {
        it(what, async () => {
            resetRegistrations();
            assert.throws(construct, message);
            await settle();
            assert.equal(registrations().length, 0);
        });
    }

    it("EksCluster in Auto Mode ignores node sizes, which it has no node group for", async () => {
        resetRegistrations();
        new EksCluster("auto", {
            clusterName: "c",
            region: "us-east-1",
            vpcId: "v",
            publicSubnetIds: [],
            privateSubnetIds: [],
            autoMode: true,
            nodeMinSize: 5,
            nodeMaxSize: 2,
        });
        await settle();
        assert.equal(registrations().filter((r) => r.type === "eks:index:Cluster").length, 1);
        assert.equal(registrations().filter((r) => r.type === "eks:index:ManagedNodeGroup").length, 0);
    });
});
