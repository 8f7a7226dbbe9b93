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

/**
 * Typical minutes each kind takes to create on a fresh account, from the
 * README's timings (EKS control plane 10 to 15, node group 3 to 5, the
 * controller's release and the EBS add-on 2 to 3, an ALB 2 to 3, a NAT
 * gateway 1 to 2). Anything else takes seconds.
 */
export const MINUTES: Record<string, number> = {
    "eks:index:Cluster": 12,
    "eks:index:ManagedNodeGroup": 4,
    "kubernetes:helm.sh/v3:Release": 2.5,
    "aws:eks/addon:Addon": 2,
    "kubernetes:networking.k8s.io/v1:Ingress": 2.5,
    "aws:ec2/natGateway:NatGateway": 1.5,
};
const minutes = (r: Registration) => MINUTES[r.type] ?? 0.1;

/** The chain of dependencies ending at `r` that takes longest, by MINUTES: the physical critical path. */
export function criticalPath(r: Registration): { chain: string[]; minutes: number } {
    const byUrn = new Map(registrations().map((x) => [x.urn, x]));
    const memo = new Map<string, { chain: string[]; minutes: number }>();
    const walk = (x: Registration): { chain: string[]; minutes: number } => {
        const known = memo.get(x.urn);
        if (known) return known;
        let best = { chain: [] as string[], minutes: 0 };
        for (const dep of x.dependencies) {
            const d = byUrn.get(dep);
            if (!d) continue;
            const c = walk(d);
            if (c.minutes > best.minutes) best = c;
        }
        const result = { chain: [...best.chain, label(x)], minutes: best.minutes + minutes(x) };
        memo.set(x.urn, result);
        return result;
    };
    return walk(r);
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

    it("the control plane does not wait for the NAT gateway, nor the Pod Identity agent for the nodes", () => {
        assert.ok(
            !waitsFor(one("eks:index:Cluster", "platform-cluster-eks")).has(
                one("aws:ec2/natGateway:NatGateway", "platform-network-nat-0").urn,
            ),
        );
        assert.ok(!waitsFor(R.agent()).has(R.nodes().urn));
    });

    it("the README's critical path is the chain to the Ingress that takes longest, with its minutes", () => {
        const path_ = criticalPath(R.ingress());
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const line = /^Critical path \(about (\d+) minutes\): (.*)$/m.exec(readme);
        assert.ok(line, "README.md has a 'Critical path (about N minutes):' line");
        assert.deepEqual(
            line[2].split(" -> ").map((s) => s.replace(/`/g, "")),
            path_.chain,
        );
        assert.equal(Number(line[1]), Math.round(path_.minutes));
        assert.ok(path_.chain.includes("Cluster platform-cluster-eks") && !path_.chain.some((c) => c.startsWith("NatGateway")));
    });
});
