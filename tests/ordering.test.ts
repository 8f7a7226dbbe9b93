/**
 * Ordering, as the engine will enforce it: the dependency list of every
 * RegisterResource request, recorded by the harness.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { Registration, one, registrations } from "./harness";
import { ROOT, runProgram, stackSettings } from "./program";

/** Every URN `r` waits for, directly or through what it waits for. */
function waitsFor(r: Registration): Set<string> {
    const byUrn = new Map(registrations().map((x) => [x.urn, x]));
    const seen = new Set<string>();
    const queue = [...r.dependencies];
    while (queue.length > 0) {
        const urn = queue.pop() as string;
        if (seen.has(urn)) continue;
        seen.add(urn);
        queue.push(...(byUrn.get(urn)?.dependencies ?? []));
    }
    return seen;
}

/** A resource as the README names it: `Kind name`. */
const label = (r: Registration) => `${r.type.split(":").pop()} ${r.name}`;

/** The longest chain of dependencies that ends at `r`. */
export function longestChain(r: Registration): string[] {
    const byUrn = new Map(registrations().map((x) => [x.urn, x]));
    const memo = new Map<string, string[]>();
    const chain = (x: Registration): string[] => {
        const known = memo.get(x.urn);
        if (known) return known;
        let best: string[] = [];
        for (const dep of x.dependencies) {
            const d = byUrn.get(dep);
            if (!d) continue;
            const c = chain(d);
            if (c.length > best.length) best = c;
        }
        const result = [...best, label(x)];
        memo.set(x.urn, result);
        return result;
    };
    return chain(r);
}

const R = {
    release: () => one("kubernetes:helm.sh/v3:Release", "platform-lb-controller-release"),
    ebs: () => one("aws:eks/addon:Addon", "platform-ebs-csi-addon"),
    agent: () => one("aws:eks/addon:Addon", "platform-cluster-pod-identity-agent"),
    nodes: () => one("eks:index:ManagedNodeGroup", "platform-cluster-nodes"),
    storageClass: () => one("kubernetes:storage.k8s.io/v1:StorageClass", "bookstore-db-storage-class"),
    statefulSet: () => one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset"),
    deployment: () => one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment"),
    appService: () => one("kubernetes:core/v1:Service", "bookstore-app-service"),
    ingress: () => one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress"),
    appSecret: () => one("kubernetes:core/v1:Secret", "bookstore-app-secret"),
};

describe("ordering of a fresh pulumi up (dev stack)", () => {
    before(async () => {
        await runProgram(stackSettings("dev"));
    });

    it("the app's Service and Ingress wait for the controller's release (its webhooks; and on destroy, they go first)", () => {
        assert.ok(R.appService().dependencies.includes(R.release().urn));
        assert.ok(R.ingress().dependencies.includes(R.release().urn));
    });

    it("the StorageClass waits for the EBS add-on, which waits for the node group", () => {
        assert.ok(R.storageClass().dependencies.includes(R.ebs().urn));
        assert.ok(waitsFor(R.ebs()).has(R.nodes().urn));
        assert.ok(waitsFor(R.statefulSet()).has(R.ebs().urn));
    });

    it("the nodes wait for the cluster and for their subnets' NAT routes", () => {
        const nodes = waitsFor(R.nodes());
        assert.ok(nodes.has(one("eks:index:Cluster", "platform-cluster-eks").urn));
        assert.ok(nodes.has(one("aws:ec2/natGateway:NatGateway", "platform-network-nat-0").urn));
        assert.ok(nodes.has(one("aws:ec2/routeTableAssociation:RouteTableAssociation", "platform-network-private-1").urn));
    });

    it("the add-ons wait for the node group and the Pod Identity agent", () => {
        for (const addon of [R.ebs(), R.release()]) {
            assert.ok(addon.dependencies.includes(R.nodes().urn), `${addon.name} waits for the nodes`);
            assert.ok(addon.dependencies.includes(R.agent().urn), `${addon.name} waits for the agent`);
        }
    });

    it("the EBS add-on and the controller install in parallel", () => {
        assert.ok(!waitsFor(R.ebs()).has(R.release().urn));
        assert.ok(!waitsFor(R.release()).has(R.ebs().urn));
    });

    it("the database and the app do not wait for each other, nor for what they do not use", () => {
        const deployment = waitsFor(R.deployment());
        assert.ok(!deployment.has(R.statefulSet().urn), "the app does not wait for the database's rollout");
        assert.ok(!deployment.has(R.release().urn), "the Deployment does not wait for the controller");
        assert.ok(!deployment.has(R.ebs().urn), "the Deployment does not wait for the EBS add-on");
        assert.ok(!waitsFor(R.appSecret()).has(R.statefulSet().urn), "the app's Secret needs only the URL");
        const statefulSet = waitsFor(R.statefulSet());
        assert.ok(!statefulSet.has(R.deployment().urn));
        assert.ok(!statefulSet.has(R.release().urn), "the database does not wait for the controller");
    });

    it("the README's critical path is the longest dependency chain to the Ingress", () => {
        const chain = longestChain(R.ingress());
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const line = /^Critical path: (.*)$/m.exec(readme);
        assert.ok(line, "README.md has a 'Critical path:' line");
        assert.deepEqual(line[1].split(" -> ").map((s) => s.replace(/`/g, "")), chain);
    });
});
