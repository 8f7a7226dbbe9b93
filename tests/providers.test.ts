/**
 * Providers come as resource options and reach children through `parent`, as in
 * pulumi-eks and awsx: a component never takes one in its args. A resource
 * without a provider of its package falls back to the default one, which for
 * Kubernetes is the ambient kubeconfig: the wrong cluster, silently.
 */
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { AppImage, AuroraDb, DbBackup, postgresPodSelector } from "../components";
import { registrations, resetRegistrations, settle } from "./harness";
import { runProgram, stackSettings } from "./program";

/** The resource name a provider reference (`<urn>::<id>`) points at. */
const providerName = (ref: string) => ref.split("::")[3];

describe("providers", () => {
    for (const stack of ["dev", "prod", "auto-mode", "existing-cluster", "kubeconfig"]) {
        it(`${stack}: every Kubernetes object goes through the cluster's provider, every AWS resource through the stack's`, async () => {
            await runProgram(stackSettings(stack));
            const k8sObjects = registrations().filter((r) => r.custom && r.type.startsWith("kubernetes:"));
            assert.ok(k8sObjects.length > 10);
            for (const r of k8sObjects) assert.equal(providerName(r.provider), "platform-k8s", `${r.type} ${r.name}`);
            // The default AWS provider, from the stack's aws:region (under mocks a default provider has no reference).
            for (const r of registrations().filter((r) => r.custom && r.type.startsWith("aws:")))
                assert.equal(r.provider, "", `${r.type} ${r.name}`);
        });
    }

    it("a component's AWS resources follow an AWS provider given as an option, e.g. another region or account", async () => {
        resetRegistrations();
        const cluster = new k8s.Provider("cluster", {});
        const elsewhere = new aws.Provider("eu-west-1", { region: "eu-west-1" });
        const providers = { providers: [cluster, elsewhere] };
        const identity = { clusterName: "c", identityMode: "podIdentity" as const, ready: [] };
        new DbBackup(
            "backup",
            {
                namespace: "ns",
                identity,
                database: { host: "db", port: 5432, databaseName: "d", username: "u", secretName: "s", passwordKey: "p" },
                databasePeer: { podSelector: postgresPodSelector("i") },
                dbImage: "postgres:17.6",
            },
            providers,
        );
        new AuroraDb(
            "aurora",
            { namespace: "ns", vpcId: "vpc-1", subnetIds: ["subnet-1"], clientSecurityGroupId: "sg-1", identity },
            providers,
        );
        new AppImage(
            "image",
            { image: "012345678901.dkr.ecr.us-east-1.amazonaws.com/shop@sha256:" + "ab".repeat(32) },
            { provider: elsewhere },
        );
        await settle();
        const custom = registrations().filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        const ofPackage = (pkg: string) => custom.filter((r) => r.type.startsWith(`${pkg}:`));
        assert.ok(ofPackage("aws").length > 15 && ofPackage("kubernetes").length > 5);
        for (const r of ofPackage("aws")) assert.equal(providerName(r.provider), "eu-west-1", `${r.type} ${r.name}`);
        for (const r of ofPackage("kubernetes")) assert.equal(providerName(r.provider), "cluster", `${r.type} ${r.name}`);
    });
});
