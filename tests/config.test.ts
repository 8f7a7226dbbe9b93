/** The config module: defaults in step with Pulumi.yaml, and every bad value reported, by key. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_DEFAULTS, ConfigError, OPTIONAL_SECRET_KEYS, REQUIRED_KEYS, loadStackConfig, parseStackConfig } from "../config";
import { ROOT, projectConfigDeclarations } from "./program";
import { resolve } from "./harness";

const IMAGE = "012345678901.dkr.ecr.us-east-1.amazonaws.com/fastapi-microservices:1.0";
const withKeys = (values: Record<string, string>) =>
    Object.fromEntries(Object.entries({ appImage: IMAGE, ...values }).map(([k, v]) => [`fastapi-eks:${k}`, v]));

describe("stack config", () => {
    const declared = projectConfigDeclarations();

    it("Pulumi.yaml declares every key the program reads, except the optional secrets, and no other", () => {
        const known = parseStackConfig({}, "dev").knownKeys.sort();
        const optionalSecrets: string[] = [...OPTIONAL_SECRET_KEYS];
        assert.deepEqual(Object.keys(declared).sort(), known.filter((k) => !optionalSecrets.includes(k)));
        for (const [key, d] of Object.entries(declared)) assert.ok(d.description, `${key} has a description`);
    });

    it("the optional secrets are documented in Pulumi.yaml's comments", () => {
        const text = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
        for (const key of OPTIONAL_SECRET_KEYS) assert.match(text, new RegExp(`^  #\\s+${key}\\s+string`, "m"), key);
    });

    it("the code's defaults equal Pulumi.yaml's, with matching types", () => {
        const codeDefaults: Record<string, unknown> = CONFIG_DEFAULTS;
        for (const [key, d] of Object.entries(declared)) {
            if ((REQUIRED_KEYS as readonly string[]).includes(key)) {
                assert.equal(d.default, undefined, `${key} is required, so it has no default`);
                continue;
            }
            assert.deepEqual(d.default, codeDefaults[key], `default of ${key}`);
            const value = codeDefaults[key];
            const type = Array.isArray(value) ? "array" : typeof value === "number" ? "integer" : typeof value;
            assert.equal(d.type, type, `type of ${key}`);
        }
        const optionalDeclared = Object.keys(declared).filter((k) => !(REQUIRED_KEYS as readonly string[]).includes(k));
        assert.deepEqual(Object.keys(codeDefaults).sort(), optionalDeclared.sort());
    });

    it("applies every default itself when only the required key is set", () => {
        const cfg = loadStackConfig(withKeys({}));
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
                ebsCsiDriverVersion: undefined,
                lbControllerChartVersion: "3.5.0",
                kubeconfig: undefined,
                kubeContext: undefined,
                namespace: "my-cool-app",
                createNamespace: true,
                appImage: IMAGE,
                appReplicas: 1,
                albScheme: "internet-facing",
                albTargetType: "ip",
                healthCheckPath: "/",
                certificateArn: undefined,
                allowedCidrs: [],
                protectData: true,
                dbImage: "postgres:17.6",
                dbStorageSize: "1Gi",
                dbStorageClass: "ebs-sc",
                createStorageClass: true,
                dbName: "bookstore",
                dbUser: "bookdbadmin",
                dbPassword: undefined,
                dbSuperuserPassword: undefined,
            },
        );
        assert.equal(cfg.kubeconfig, undefined);
        assert.equal(cfg.dbPassword, undefined);
    });

    it("parses typed values and ignores other namespaces", () => {
        const cfg = loadStackConfig({
            ...withKeys({ appReplicas: "3", createNamespace: "false", albScheme: "internal", kubeContext: "prod", dbStorageSize: "20Gi" }),
            "aws:region": "eu-west-1",
        });
        assert.equal(cfg.appReplicas, 3);
        assert.equal(cfg.createNamespace, false);
        assert.equal(cfg.albScheme, "internal");
        assert.equal(cfg.kubeContext, "prod");
        assert.equal(cfg.dbStorageSize, "20Gi");
    });

    it("returns secrets as Pulumi secrets", async () => {
        const cfg = loadStackConfig(withKeys({ kubeconfig: "apiVersion: v1", dbPassword: "pw", dbSuperuserPassword: "su" }));
        for (const o of [cfg.kubeconfig, cfg.dbPassword, cfg.dbSuperuserPassword]) {
            assert.ok(o !== undefined);
            assert.equal((await resolve(o as pulumi.Output<string>)).secret, true);
        }
        assert.equal((await resolve(cfg.dbPassword!)).value, "pw");
    });

    const cases: [string, Record<string, string>, string][] = [
        ["a negative appReplicas", { appReplicas: "-1" }, "fastapi-eks:appReplicas: -1 is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2"],
        ["a non-integer appReplicas", { appReplicas: "1.5" }, 'fastapi-eks:appReplicas: "1.5" is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2'],
        ["a word for appReplicas", { appReplicas: "two" }, 'fastapi-eks:appReplicas: "two" is not a whole number from 0 to 50. For example: pulumi config set appReplicas 2'],
        ["a dbStorageSize that is not a quantity", { dbStorageSize: "ten gigs" }, 'fastapi-eks:dbStorageSize: "ten gigs" is not a positive Kubernetes quantity. For example: pulumi config set dbStorageSize 5Gi'],
        ["an image with spaces", { appImage: "my app:1.0" }, `fastapi-eks:appImage: "my app:1.0" is not a container image reference (registry/repository:tag, no spaces or upper-case repository names). For example: pulumi config set appImage ${IMAGE}`],
        ["an unknown ALB scheme", { albScheme: "public" }, 'fastapi-eks:albScheme: "public" is not one of "internet-facing", "internal". For example: pulumi config set albScheme internet-facing'],
        ["an unknown target type", { albTargetType: "pod" }, 'fastapi-eks:albTargetType: "pod" is not one of "ip", "instance". For example: pulumi config set albTargetType ip'],
        ["a boolean that is not true or false", { createNamespace: "yes" }, 'fastapi-eks:createNamespace: "yes" is not true or false. For example: pulumi config set createNamespace false'],
        ["a namespace that is not a DNS label", { namespace: "My_App" }, 'fastapi-eks:namespace: "My_App" is not a valid Kubernetes name (lower-case letters, digits and \'-\', at most 63 characters, starting and ending with a letter or digit). For example: pulumi config set namespace my-cool-app'],
        ["a database user that needs quoting", { dbUser: "book admin" }, 'fastapi-eks:dbUser: "book admin" is not a plain PostgreSQL name (lower-case letters, digits and \'_\', starting with a letter or \'_\', at most 63 characters). For example: pulumi config set dbUser bookdbadmin'],
        ["a relative health-check path", { healthCheckPath: "health" }, 'fastapi-eks:healthCheckPath: "health" is not an absolute URL path. For example: pulumi config set healthCheckPath /'],
        ["an empty secret", { dbPassword: " " }, "fastapi-eks:dbPassword: is set but empty. For example: pulumi config set --secret dbPassword <a long random password>"],
        ["a misspelt key", { appReplica: "2" }, 'fastapi-eks:appReplica: is not a setting of this program; did you mean "appReplicas"? Fix: pulumi config mv appReplica appReplicas'],
        ["an unrelated key", { colour: "blue" }, "fastapi-eks:colour: is not a setting of this program. Fix: pulumi config rm colour"],
    ];
    for (const [what, values, message] of cases) {
        it(`rejects ${what}`, () => {
            assert.throws(
                () => loadStackConfig(withKeys(values)),
                (e: unknown) => e instanceof ConfigError && e.problems.length === 1 && e.problems[0] === message,
            );
        });
    }

    const modeCases: [string, Record<string, string>, string][] = [
        ["a kubeconfig with createCluster", { createCluster: "true", kubeconfig: "apiVersion: v1" }, "fastapi-eks:kubeconfig: is for an existing cluster, but createCluster is true. Fix: pulumi config rm kubeconfig"],
        ["installEbsCsiDriver with createCluster", { createCluster: "true", installEbsCsiDriver: "true" }, "fastapi-eks:installEbsCsiDriver: applies only to an existing cluster; a created cluster always gets it (or, in Auto Mode, needs none). Fix: pulumi config rm installEbsCsiDriver"],
        ["installLbController with autoMode", { autoMode: "true", clusterName: "c1", installLbController: "true" }, "fastapi-eks:installLbController: EKS Auto Mode has block storage and ALBs built in, so it cannot be installed with autoMode. Fix: pulumi config set installLbController false"],
        ["installEbsCsiDriver without clusterName", { installEbsCsiDriver: "true" }, "fastapi-eks:installEbsCsiDriver: needs the existing cluster's name. Fix: pulumi config set clusterName <your cluster>"],
        ["clusterName together with kubeContext", { clusterName: "c1", kubeContext: "ctx" }, "fastapi-eks:clusterName: an existing cluster is reached either by clusterName or by kubeconfig/kubeContext, not both. Fix: pulumi config rm kubeconfig (or clusterName)"],
        ["node settings without createCluster", { nodeInstanceType: "m6i.large" }, "fastapi-eks:nodeInstanceType: applies only when the program creates the cluster. Fix: pulumi config set createCluster true, or pulumi config rm nodeInstanceType"],
        ["a vpcId without subnets", { createCluster: "true", vpcId: "vpc-0123456789abcdef0" }, "fastapi-eks:vpcId: an existing VPC needs publicSubnetIds and privateSubnetIds, at least 2 each (2 zones). Fix: pulumi config set --path 'privateSubnetIds[0]' subnet-0123456789abcdef0"],
        ["subnets without a vpcId", { createCluster: "true", privateSubnetIds: '["subnet-00000000000000001"]' }, "fastapi-eks:privateSubnetIds: subnets are used only with vpcId. Fix: pulumi config set vpcId vpc-0123456789abcdef0"],
        ["a desired size outside min and max", { createCluster: "true", nodeDesiredSize: "9" }, "fastapi-eks:nodeDesiredSize: 9 is not between nodeMinSize (2) and nodeMaxSize (4). Fix: pulumi config set nodeDesiredSize 2"],
        ["an unknown identity mode", { identityMode: "kiam" }, 'fastapi-eks:identityMode: "kiam" is not one of "podIdentity", "irsa". For example: pulumi config set identityMode podIdentity'],
        ["a Kubernetes version that is not a minor version", { createCluster: "true", kubernetesVersion: "1.35.2" }, 'fastapi-eks:kubernetesVersion: "1.35.2" is not a Kubernetes minor version. For example: pulumi config set kubernetesVersion 1.35'],
        ["a subnet list that is not a list", { createCluster: "true", vpcId: "vpc-0123456789abcdef0", publicSubnetIds: "subnet-1", privateSubnetIds: '["subnet-00000000000000001","subnet-00000000000000002"]' }, 'fastapi-eks:publicSubnetIds: "subnet-1" is not a list of strings. For example: pulumi config set --path \'publicSubnetIds[0]\' subnet-0123456789abcdef0'],
    ];
    for (const [what, values, message] of modeCases) {
        it(`rejects ${what}`, () => {
            const { problems } = parseStackConfig({ ...withKeys(values), "aws:region": "us-east-1" }, "dev");
            assert.ok(problems.includes(message), `expected:\n  ${message}\ngot:\n  ${problems.join("\n  ")}`);
            assert.equal(problems.length, 1, problems.join("\n"));
        });
    }

    it("requires aws:region to create or look up a cluster", () => {
        const { problems } = parseStackConfig(withKeys({ createCluster: "true" }), "dev");
        assert.deepEqual(problems, ["aws:region: is required to create or look up an EKS cluster. For example: pulumi config set aws:region us-east-1"]);
    });

    it("names a created cluster after the stack unless clusterName is set", () => {
        const base = { ...withKeys({ createCluster: "true" }), "aws:region": "us-east-1" };
        assert.equal(parseStackConfig(base, "prod").config.clusterName, "fastapi-eks-prod");
        assert.equal(parseStackConfig({ ...base, "fastapi-eks:clusterName": "shop" }, "prod").config.clusterName, "shop");
        assert.equal(parseStackConfig(withKeys({}), "prod").config.clusterName, undefined);
    });

    it("requires appImage", () => {
        const { problems } = parseStackConfig({}, "dev");
        assert.deepEqual(problems, [`fastapi-eks:appImage: is required but not set. For example: pulumi config set appImage ${IMAGE}`]);
    });

    it("reports every problem at once", () => {
        assert.throws(
            () => loadStackConfig(withKeys({ appReplicas: "-1", dbStorageSize: "big", albScheme: "public" })),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.problems.length === 3 &&
                /^Invalid stack configuration \(3 problems\):\n  - fastapi-eks:appReplicas/.test(e.message) &&
                e.message.includes("fastapi-eks:dbStorageSize") &&
                e.message.includes("fastapi-eks:albScheme"),
        );
    });
});
