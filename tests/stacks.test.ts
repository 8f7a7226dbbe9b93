/** The stack files: each evaluates under mocks, and prod differs from dev where a production stack should. */
import * as assert from "node:assert/strict";
import { one, ofType, registrations, resolve, reveal } from "./harness";
import { ProgramOutputs, runProgram, stackSettings } from "./program";

interface Snapshot {
    outputs: ProgramOutputs;
    replicas: number;
    appProtected: boolean;
    dataProtected: boolean;
    pdbs: number;
    zones: string[];
    natGateways: number;
    nodes: { instanceTypes: string[]; scalingConfig: Record<string, number> };
    annotations: Record<string, string>;
    storage: string;
}

async function snapshot(stack: string): Promise<Snapshot> {
    const outputs = await runProgram(stackSettings(stack));
    assert.ok(registrations().length > 40, `the ${stack} stack registers its resources`);
    const privateSubnets = ofType("aws:ec2/subnet:Subnet").map((r) => reveal(r.inputs)).filter((s) => s.tags["kubernetes.io/role/internal-elb"]);
    return {
        outputs,
        replicas: reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs).spec.replicas,
        appProtected: one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").protect,
        dataProtected: one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").protect,
        pdbs: ofType("kubernetes:policy/v1:PodDisruptionBudget").length,
        zones: privateSubnets.map((s) => s.availabilityZone),
        natGateways: ofType("aws:ec2/natGateway:NatGateway").length,
        nodes: reveal(one("eks:index:ManagedNodeGroup", "platform-cluster-nodes").inputs),
        annotations: reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs).metadata.annotations,
        storage: reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs).spec.volumeClaimTemplates[0].spec.resources.requests.storage,
    };
}

describe("stacks", () => {
    let dev: Snapshot;
    let prod: Snapshot;
    before(async () => {
        dev = await snapshot("dev");
        prod = await snapshot("prod");
    });

    it("dev: the workshop's size, one replica, plain HTTP, data not protected", async () => {
        assert.equal(dev.replicas, 1);
        assert.equal(dev.pdbs, 0);
        assert.equal(dev.dataProtected, false);
        assert.deepEqual(dev.nodes.instanceTypes, ["t3.medium"]);
        assert.equal(dev.natGateways, 1);
        assert.equal(dev.annotations["alb.ingress.kubernetes.io/certificate-arn"], undefined);
        assert.match((await resolve(dev.outputs.url)).value as string, /^http:\/\//);
    });

    it("prod: at least 2 replicas with a PodDisruptionBudget, and its data protected", () => {
        assert.ok(prod.replicas >= 2);
        assert.equal(prod.pdbs, 1);
        assert.equal(prod.dataProtected, true);
        assert.equal(prod.appProtected, false, "only what holds data is protected");
        assert.equal(prod.storage, "20Gi");
    });

    it("prod: HTTPS with a redirect from HTTP", async () => {
        assert.match(prod.annotations["alb.ingress.kubernetes.io/certificate-arn"], /^arn:aws:acm:/);
        assert.equal(prod.annotations["alb.ingress.kubernetes.io/ssl-redirect"], "443");
        assert.match((await resolve(prod.outputs.url)).value as string, /^https:\/\//);
    });

    it("prod: bigger nodes, spread over at least 2 zones, with a NAT gateway in each", () => {
        assert.deepEqual(prod.nodes.instanceTypes, ["m6i.large"]);
        assert.ok(prod.nodes.scalingConfig.minSize >= 2);
        assert.ok(new Set(prod.zones).size >= 2);
        assert.equal(prod.natGateways, prod.zones.length);
        assert.ok(prod.zones.length > dev.zones.length);
    });
});
