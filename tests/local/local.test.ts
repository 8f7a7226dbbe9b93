/**
 * The same program on a laptop's cluster (localCluster: kind or k3d), under
 * mocks through the CLI's config step: no AWS at all, no cloud-only field in
 * any object, and the workloads with a way in.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { nodesPlatform } from "../../config";
import { invocations } from "../../tools/offline/mockRuntime";
import { k8sObjects, ofType, one, registrations, resolve, reveal } from "../harness";
import { ROOT, deployedOutputs, runProgram, stackSettings } from "../program";

const local = stackSettings("local");
/** What only a cloud cluster's objects carry: the ALB's annotations, EKS's and Karpenter's keys, EBS, AWS ARNs. */
const CLOUD_ONLY = ["alb.ingress.kubernetes.io", "eks.amazonaws.com", "ebs.csi", "karpenter", "arn:aws", "amazonaws.com"];

describe("on a laptop's cluster (localCluster)", () => {
    let outputs: Awaited<ReturnType<typeof runProgram>>;
    let calls: string[];
    before(async () => {
        const from = invocations.length;
        outputs = await runProgram(local, {}, true);
        calls = invocations.slice(from).map((i) => i.token);
    });

    it("no AWS at all: no AWS resource, and no AWS call", () => {
        assert.deepEqual(
            registrations().filter((r) => r.type.startsWith("aws:") || r.type.startsWith("eks:")),
            [],
        );
        assert.deepEqual(
            calls.filter((t) => t.startsWith("aws:")),
            [],
        );
    });

    it("no cloud-only field anywhere in the objects", () => {
        const objects = k8sObjects();
        assert.ok(objects.length > 5);
        for (const o of objects) {
            const text = JSON.stringify(reveal(o.inputs));
            for (const word of CLOUD_ONLY) assert.ok(!text.includes(word), `${o.type} ${o.name} has ${word}`);
        }
    });

    it("the workloads, on the cluster's own StorageClass, and a way in through its Traefik, at the laptop's port", async () => {
        const db = reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs);
        assert.equal(db.spec.volumeClaimTemplates[0].spec.storageClassName, "standard", "kind's");
        assert.equal(ofType("kubernetes:storage.k8s.io/v1:StorageClass").length, 0, "the cluster's own, never made");
        const service = reveal(one("kubernetes:core/v1:Service", "bookstore-app-service").inputs);
        assert.equal(service.spec.type, "ClusterIP");
        const ingress = reveal(one("kubernetes:networking.k8s.io/v1:Ingress", "bookstore-app-ingress").inputs);
        assert.equal(ingress.spec.ingressClassName, "traefik");
        assert.deepEqual(Object.keys(ingress.metadata.annotations), ["pulumi.com/timeoutSeconds"]);
        const app = reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs);
        assert.match(app.spec.template.spec.containers[0].image, /^localhost:5001\/bookstore@sha256:[0-9a-f]{64}$/);
        const built = reveal(one("docker-build:index:Image", "bookstore-image-image").inputs);
        assert.deepEqual(built.registries, undefined, "a laptop's registry needs no credentials");
        assert.equal((await resolve(outputs.url)).value, "http://localhost:8080/");
    });

    it("k3d: its local-path class and the registry its recipe makes", async () => {
        await runProgram({ ...local, "fastapi-eks:localCluster": "k3d", "fastapi-eks:kubeContext": "k3d-bookstore" });
        const db = reveal(one("kubernetes:apps/v1:StatefulSet", "bookstore-db-statefulset").inputs);
        assert.equal(db.spec.volumeClaimTemplates[0].spec.storageClassName, "local-path");
        const app = reveal(one("kubernetes:apps/v1:Deployment", "bookstore-app-deployment").inputs);
        assert.match(app.spec.template.spec.containers[0].image, /^k3d-bookstore-registry\.localhost:5001\/bookstore@/);
        assert.equal(reveal(one("pulumi:providers:kubernetes", "platform-k8s").inputs).context, "k3d-bookstore");
    });

    it("a live stack kept on its flavor: the other is another cluster, where everything would be made anew", async () => {
        const earlier = await deployedOutputs(outputs);
        assert.equal((earlier.lastApplied as Record<string, unknown>).localCluster, "kind");
        await assert.rejects(
            runProgram({ ...local, "fastapi-eks:localCluster": "k3d" }, earlier),
            /fastapi-eks:localCluster: is k3d, but the app runs on the kind cluster, another cluster\. Fix: pulumi config set localCluster kind; for k3d, pulumi destroy this stack first/,
        );
        assert.deepEqual(registrations(), []);
    });

    it("tools/local/kind.sh, which the README and the CI job run: valid bash, and its usage without a command", () => {
        const script = path.join(ROOT, "tools", "local", "kind.sh");
        assert.equal(spawnSync("bash", ["-n", script]).status, 0);
        const usage = spawnSync("bash", [script], { encoding: "utf8" });
        assert.equal(usage.status, 2);
        assert.match(usage.stderr, /usage: bash tools\/local\/kind\.sh up\|down/);
        // The cluster it makes is the one the local stack names, its port the one the url says.
        const text = fs.readFileSync(script, "utf8");
        assert.match(text, /^CLUSTER=bookstore$/m);
        assert.equal(local["fastapi-eks:kubeContext"], "kind-bookstore");
        assert.match(text, /hostPort: 8080/);
    });

    it("the image is built for the laptop's own architecture", () => {
        const mode = { kind: "local", flavor: "kind", registry: "localhost:5001", port: 8080, storageClass: "standard" } as const;
        assert.equal(nodesPlatform(mode, "arm64"), "linux/arm64");
        assert.equal(nodesPlatform(mode, "x64"), "linux/amd64");
    });
});
