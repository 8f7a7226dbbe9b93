/** Every Kubernetes object the program registers is valid against the Kubernetes OpenAPI schema. */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { k8sObjects, reveal } from "./harness";
import { ROOT, StackSettings, runProgram, stackSettings } from "./program";

// An ES module (kubernetes-models has no require condition), kept as source beside the tests; Node 22+ can require() it.
const { validateObject } = require(path.join(ROOT, "tests", "k8sSchema.mjs")) as {
    validateObject(obj: { apiVersion: string; kind: string }): void;
};

describe("Kubernetes schema", () => {
    const configs: [string, StackSettings][] = [
        ["dev stack", stackSettings("dev")],
        [
            "dev stack, 3 replicas, internal ALB",
            { ...stackSettings("dev"), "fastapi-eks:appReplicas": "3", "fastapi-eks:albScheme": "internal" },
        ],
        ["dev stack on EKS Auto Mode", { ...stackSettings("dev"), "fastapi-eks:autoMode": "true" }],
        [
            "dev stack with HTTPS and inbound CIDRs",
            {
                ...stackSettings("dev"),
                "fastapi-eks:certificateArn": "arn:aws:acm:us-east-1:012345678901:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
                "fastapi-eks:allowedCidrs": ["203.0.113.0/24"],
            },
        ],
        [
            "dev stack with previewers",
            { ...stackSettings("dev"), "fastapi-eks:clusterPreviewers": ["arn:aws:iam::012345678901:role/github-preview"] },
        ],
    ];
    for (const [what, config] of configs) {
        it(`validates every object of the ${what}`, async () => {
            await runProgram(config);
            const objects = k8sObjects();
            assert.ok(
                objects.some((r) => r.type === "kubernetes:apps/v1:Deployment"),
                "the objects are there to validate",
            );
            for (const r of objects) {
                assert.doesNotThrow(() => validateObject(reveal(r.inputs)), `${r.type} ${r.name}`);
            }
        });
    }

    it("the validator rejects an invalid object", () => {
        assert.throws(() =>
            validateObject({
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "x" },
                spec: { replicas: "one", template: {} },
            } as { apiVersion: string; kind: string }),
        );
        assert.throws(() => validateObject({ apiVersion: "v1", kind: "Unknown" }), /no schema model/);
    });
});
