/** The config module: defaults in step with Pulumi.yaml, and every bad value reported, by key. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_KEYS, OPTIONAL_SECRET_KEYS, ParsedConfig, parseStackConfig } from "../../config";
import { keyReference, pulumiYaml } from "../../tools/generate";
import { IMAGE, withProjectKeys } from "./badConfigs";
import { ROOT, StackSettings, cliHandsOver, projectConfigDeclarations, secure } from "../program";
import { resolve } from "../harness";

/** The program's reading of a stack file, after the CLI's config step. */
function parsed(settings: StackSettings, stack = "test"): ParsedConfig {
    const { config, secretKeys } = cliHandsOver(settings);
    return parseStackConfig(config, secretKeys, stack);
}
const loaded = (settings: StackSettings) => {
    const p = parsed(settings);
    assert.deepEqual(p.problems, []);
    return p.config;
};

describe("stack config", () => {
    const declared = projectConfigDeclarations();

    it("Pulumi.yaml declares every key the program reads, except the optional secrets, and no other", () => {
        const known = parsed(withProjectKeys({})).knownKeys.sort();
        const optionalSecrets: string[] = [...OPTIONAL_SECRET_KEYS];
        assert.deepEqual(
            Object.keys(declared).sort(),
            known.filter((k) => !optionalSecrets.includes(k)),
        );
        for (const [key, d] of Object.entries(declared)) assert.ok(d.description, `${key} has a description`);
    });

    it("Pulumi.yaml's config block and the key reference's table are what the declarations generate (npm run generate)", () => {
        const file = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
        assert.equal(file("Pulumi.yaml"), pulumiYaml(file("Pulumi.yaml"), CONFIG_KEYS), "Pulumi.yaml is stale: npm run generate");
        const reference = file(path.join("docs", "configuration.md"));
        assert.equal(reference, keyReference(reference, CONFIG_KEYS), "docs/configuration.md is stale: npm run generate");
        // The CLI applies Pulumi.yaml's defaults, the program its declarations': one source, so they agree.
        for (const [key, d] of Object.entries(CONFIG_KEYS)) {
            if (d.type === "secret") assert.ok(!(key in declared), `${key}, a secret, is not declared in Pulumi.yaml`);
            else assert.deepEqual(declared[key].default, d.default, key);
        }
    });

    it("reads every default the CLI fills in when only the required key is set, and reports no problem", () => {
        const cfg = loaded(withProjectKeys({}));
        assert.deepEqual(
            { ...cfg, kubeconfig: undefined, dbPassword: undefined, dbSuperuserPassword: undefined },
            {
                awsRegion: undefined,
                createCluster: false,
                autoMode: false,
                clusterName: undefined,
                kubernetesVersion: "1.35",
                vpcId: undefined,
                publicSubnetIds: [],
                privateSubnetIds: [],
                vpcCidr: "10.0.0.0/16",
                availabilityZoneCount: 2,
                natGatewayPerAz: false,
                nodeInstanceType: "t3.medium",
                nodeDesiredSize: 2,
                nodeMinSize: 2,
                nodeMaxSize: 4,
                identityMode: "podIdentity",
                installEbsCsiDriver: false,
                installLbController: false,
                installMetricsServer: false,
                ebsCsiDriverVersion: undefined,
                lbControllerChartVersion: "3.5.0",
                kubeconfig: undefined,
                kubeContext: undefined,
                apiAllowedCidrs: [],
                clusterAdmins: [],
                clusterPreviewers: [],
                controlPlaneLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                supportType: "STANDARD",
                awsProfile: undefined,
                awsRoleArn: undefined,
                namespace: "my-cool-app",
                createNamespace: true,
                appImage: IMAGE,
                appSource: undefined,
                appDockerfile: "Dockerfile",
                appImagesKept: 10,
                appReplicas: 1,
                appMaxReplicas: 0,
                appTargetCpuPercent: 70,
                albScheme: "internet-facing",
                albTargetType: "ip",
                healthCheckPath: "/",
                hostedZoneId: undefined,
                certificateArn: undefined,
                domainName: undefined,
                allowedCidrs: [],
                database: "inCluster",
                auroraMinCapacity: "0.5",
                auroraMaxCapacity: "2",
                protectData: true,
                dbImage: "postgres:17.6",
                dbStorageSize: "1Gi",
                dbStorageClass: "ebs-sc",
                createStorageClass: true,
                dbName: "bookstore",
                dbUser: "bookdbadmin",
                dbPassword: undefined,
                dbSuperuserPassword: undefined,
                backupEnabled: true,
                backupSchedule: "17 3 * * *",
                backupRetentionDays: 14,
                backupBucket: undefined,
                observability: "alarms",
                alertEmail: undefined,
                localCluster: "none",
                localRegistry: undefined,
                localPort: 8080,
            },
        );
        assert.equal(cfg.kubeconfig, undefined);
        assert.equal(cfg.dbPassword, undefined);
    });

    it("parses typed values and ignores other namespaces", () => {
        const cfg = loaded({
            ...withProjectKeys({
                appReplicas: 3,
                createNamespace: false,
                albScheme: "internal",
                kubeContext: "prod",
                dbStorageSize: "20Gi",
            }),
            "aws:region": "eu-west-1",
        });
        assert.equal(cfg.appReplicas, 3);
        assert.equal(cfg.createNamespace, false);
        assert.equal(cfg.albScheme, "internal");
        assert.equal(cfg.kubeContext, "prod");
        assert.equal(cfg.dbStorageSize, "20Gi");
    });

    it("returns secrets as Pulumi secrets", async () => {
        const cfg = loaded(
            withProjectKeys({ kubeconfig: secure("apiVersion: v1"), dbPassword: secure("pw"), dbSuperuserPassword: secure("su") }),
        );
        for (const o of [cfg.kubeconfig, cfg.dbPassword, cfg.dbSuperuserPassword]) {
            assert.ok(o !== undefined);
            assert.equal((await resolve(o as pulumi.Output<string>)).secret, true);
        }
        assert.equal((await resolve(cfg.dbPassword!)).value, "pw");
    });

    it("requires aws:region to create or look up a cluster", () => {
        const { problems } = parsed(withProjectKeys({ createCluster: true }));
        assert.deepEqual(problems, [
            "aws:region: is required to create or look up an EKS cluster. For example: pulumi config set aws:region us-east-1",
        ]);
    });

    it("names a created cluster after the stack unless clusterName is set", () => {
        const base = { ...withProjectKeys({ createCluster: true }), "aws:region": "us-east-1" };
        assert.equal(parsed(base, "prod").config.clusterName, "fastapi-eks-prod");
        assert.equal(parsed({ ...base, "fastapi-eks:clusterName": "shop" }, "prod").config.clusterName, "shop");
        assert.equal(parsed(withProjectKeys({}), "prod").config.clusterName, undefined);
    });

    it("the key reference (docs/configuration.md) lists every key with its default, and so does every README row", () => {
        const reference = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        for (const [key, d] of Object.entries(declared)) {
            const readmeTable = readme.split("\n## Configuration")[1].split("\n## ")[0];
            const rows = [reference, readmeTable].flatMap((doc) => doc.split("\n").filter((l) => l.startsWith(`| \`${key}\` |`)));
            assert.ok(rows.length > 0, `docs/configuration.md has a row for ${key}`);
            const shown = Array.isArray(d.default)
                ? JSON.stringify(d.default)
                : d.default === undefined
                  ? "(required)"
                  : d.default === ""
                    ? '""'
                    : String(d.default);
            for (const row of rows) assert.ok(row.split(" | ")[1].includes(shown), `the documented default of ${key} is ${shown}: ${row}`);
        }
    });

    it("never mistakes a default the CLI filled in for the user's choice", () => {
        // Every mode with nothing but its defining keys: the CLI writes every other default in, and none may trip a mode check.
        const modes: StackSettings[] = [
            withProjectKeys({}),
            withProjectKeys({ createCluster: true }),
            withProjectKeys({ createCluster: true, autoMode: true }),
            withProjectKeys({ clusterName: "workshop", installEbsCsiDriver: true, installLbController: true }),
            withProjectKeys({ kubeconfig: secure("apiVersion: v1") }),
            withProjectKeys({ autoMode: true, clusterName: "workshop" }),
        ];
        for (const settings of modes)
            assert.deepEqual(parsed({ ...settings, "aws:region": "us-east-1" }).problems, [], JSON.stringify(settings));
    });
});
