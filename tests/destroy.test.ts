/**
 * What `pulumi destroy` does, read from what the program registers.
 *
 * The engine deletes in reverse dependency order (a resource before what it
 * depends on, children before their parent) and checks `protect` only when it
 * reaches a resource's delete step, in the preview as in the update (pulumi/pulumi
 * pkg/resource/deploy/step.go, `DeleteStep.Apply`: "unable to delete resource
 * ... as it is currently marked for protection"). So a destroy ends cleanly
 * when nothing is protected and nothing refuses its delete, and on a protected
 * stack it must stop at its first step, before anything is gone.
 */
import * as assert from "node:assert/strict";
import { DESTROY_GUARD_NAME } from "../components";
import { Registration, one, ofType, registrations, reveal } from "./harness";
import { runProgram, stackSettings } from "./program";

const GUARD = "random:index/randomUuid:RandomUuid";
/** The stack on Aurora: the in-cluster database's own key goes, as the config requires. */
const aurora = (settings: Record<string, unknown>) => {
    const { "fastapi-eks:dbStorageSize": _, ...rest } = settings;
    return { ...rest, "fastapi-eks:database": "aurora" };
};

/** Every resource the engine would have to delete before `r`: those that wait for it, and its children, transitively. */
function deletedBefore(r: Registration): Set<string> {
    const all = registrations();
    const found = new Set<string>();
    const visit = (urn: string) => {
        for (const o of all) {
            if (!found.has(o.urn) && (o.dependencies.includes(urn) || o.parent === urn)) {
                found.add(o.urn);
                visit(o.urn);
            }
        }
    };
    visit(r.urn);
    return found;
}

describe("pulumi destroy", () => {
    for (const [title, settings] of [
        ["prod", stackSettings("prod")],
        ["prod on Aurora", aurora(stackSettings("prod"))],
        ["prod with the certificate and DNS record the program makes", { ...stackSettings("prod"), "fastapi-eks:certificateArn": "" }],
        ["an Auto Mode stack, protected", { ...stackSettings("auto-mode"), "fastapi-eks:protectData": true }],
        [
            "prod with Container Insights and an alert address",
            { ...stackSettings("prod"), "fastapi-eks:observability": "full", "fastapi-eks:alertEmail": "ops@example.com" },
        ],
        ["an existing cluster, protected by default", stackSettings("existing-cluster")],
    ] as const) {
        it(`${title}: refused at its very first step, the protected guard that waits for every other resource, so nothing is deleted`, async () => {
            await runProgram(settings);
            const guard = one(GUARD, DESTROY_GUARD_NAME);
            assert.equal(guard.protect, true);
            assert.equal(deletedBefore(guard).size, 0, "nothing waits for the guard, so its delete is the first step");
            // Every custom resource is deleted after the guard: it depends on each (dependsOn a component
            // reaches all its children). A remote component (eks:index:Cluster) is one registration here.
            const missing = registrations().filter(
                (r) => r !== guard && (r.custom || r.type.startsWith("eks:")) && !guard.dependencies.includes(r.urn),
            );
            assert.deepEqual(
                missing.map((r) => `${r.type}::${r.name}`),
                [],
            );
            assert.ok(guard.dependencies.length > 30, `${guard.dependencies.length} dependencies`);
        });
    }

    it("protected: whatever holds data or guards it is protected too, so an `up` that removes it is refused at preview", async () => {
        await runProgram(aurora(stackSettings("prod")));
        // Aurora's writer depends on the cluster: unprotected, a destroy past the guard (`pulumi state unprotect` of
        // the guard alone) would take the database offline before the cluster's refusal.
        const cluster = one("aws:rds/cluster:Cluster", "bookstore-aurora-cluster");
        const writer = one("aws:rds/clusterInstance:ClusterInstance", "bookstore-aurora-writer");
        assert.ok(writer.dependencies.includes(cluster.urn));
        assert.deepEqual([cluster.protect, writer.protect], [true, true]);
        assert.equal(reveal(cluster.inputs).deletionProtection, true);
    });

    it("dev, unprotected: nothing is protected, and nothing refuses its delete (the bucket and the ECR repository are emptied first)", async () => {
        await runProgram(stackSettings("dev"));
        assert.deepEqual(
            registrations()
                .filter((r) => r.protect)
                .map((r) => r.name),
            [],
        );
        assert.equal(one(GUARD, DESTROY_GUARD_NAME).protect, false);
        assert.equal(reveal(one("aws:s3/bucket:Bucket", "bookstore-backup-bucket").inputs).forceDestroy, true);
        assert.equal(reveal(one("aws:ecr/repository:Repository", "bookstore-image-repository").inputs).forceDelete, true);
        await runProgram(aurora(stackSettings("dev")));
        const c = reveal(one("aws:rds/cluster:Cluster", "bookstore-aurora-cluster").inputs);
        assert.deepEqual([c.deletionProtection, c.skipFinalSnapshot], [false, true], "RDS deletes the cluster without a final snapshot");
    });

    it("the guard calls no cloud API and holds nothing: a random UUID with no inputs, so no later `up` replaces it", async () => {
        await runProgram(stackSettings("dev"));
        const [guard] = ofType(GUARD);
        assert.deepEqual(guard.inputs, {});
        assert.ok(
            !registrations().some((r) => !r.custom && r.urn === guard.parent),
            "a child of the stack, not of a component whose children it waits for",
        );
    });
});
