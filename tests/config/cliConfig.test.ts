/**
 * The test runtime's twin of the Pulumi CLI's config step (tools/cliConfig.ts),
 * held to what the CLI's source does: pulumi/pulumi pkg/workspace/config.go
 * (mergeConfig) and sdk/go/common/workspace/project.go (ValidateConfigValue).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { CliError, Project, cliConfig, loadProject, validateConfigValue } from "../../tools/offline/cliConfig";
import { newPassphraseCrypter, passphraseCrypter } from "../../tools/offline/passphrase";
import { withProjectKeys } from "./badConfigs";
import { registrations } from "../harness";
import { ROOT, cliHandsOver, runProgram, secure, stackSettings } from "../program";
import { tempDir } from "../scratch";

const cliError = (f: () => unknown): string => {
    try {
        f();
    } catch (e) {
        if (e instanceof CliError) return e.message;
        throw e;
    }
    assert.fail("the CLI accepted it");
};

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A Pulumi.yaml in a temporary folder, removed after the tests. */
function projectFile(yaml: string): string {
    const dir = tempDir("project");
    made.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml);
    return path.join(dir, "Pulumi.yaml");
}
const plain = (c: string) => assert.fail(`nothing here is encrypted: ${c}`);

describe("the CLI's config step (twin)", () => {
    it("writes every Pulumi.yaml default the stack lacks, as text or as JSON for a list", () => {
        const { config } = cliHandsOver(withProjectKeys({}));
        assert.equal(config["fastapi-eks:createCluster"], "false");
        assert.equal(config["fastapi-eks:availabilityZoneCount"], "2");
        assert.equal(config["fastapi-eks:clusterName"], "");
        assert.equal(config["fastapi-eks:vpcCidr"], "10.0.0.0/16");
        assert.equal(config["fastapi-eks:allowedCidrs"], "[]");
        assert.equal(config["fastapi-eks:kubernetesVersion"], "1.35");
        // Every declared key arrives, set or not.
        const declared = Object.keys(loadProject(path.join(ROOT, "Pulumi.yaml")).config).map((k) => `fastapi-eks:${k}`);
        for (const key of declared) assert.ok(key in config, key);
    });

    it("hands over a stack's own values as text: numbers and booleans as JSON, lists as JSON", () => {
        const { config } = cliHandsOver(withProjectKeys({ appReplicas: 3, createNamespace: false, allowedCidrs: ["203.0.113.0/24"] }));
        assert.equal(config["fastapi-eks:appReplicas"], "3");
        assert.equal(config["fastapi-eks:createNamespace"], "false");
        assert.equal(config["fastapi-eks:allowedCidrs"], '["203.0.113.0/24"]');
    });

    it("stops a stack that lacks a required key, naming every missing one", () => {
        // The project itself requires nothing: an empty stack gets every default.
        assert.equal(cliHandsOver({}).config["fastapi-eks:appImage"], "");
        const project: Project = { name: "p", config: { b: { type: "string" }, a: { type: "string" }, c: { type: "string" } } };
        assert.equal(
            cliError(() => cliConfig("dev", project, {}, plain)),
            "validating stack config: Stack 'dev' is missing configuration values 'a', 'b' and 'c'",
        );
    });

    it("stops appReplicas: two before the program starts", async () => {
        await assert.rejects(runProgram({ ...stackSettings("dev"), "fastapi-eks:appReplicas": "two" }), (e: Error) => {
            assert.ok(e instanceof CliError);
            assert.equal(e.message, "validating stack config: Stack 'test' with configuration key 'appReplicas' must be of type 'integer'");
            return true;
        });
        assert.equal(registrations().length, 0);
    });

    it("checks integers as strconv.Atoi does, booleans as the literals true and false, lists item by item", () => {
        for (const ok of ["2", "+2", "-2", "007", "9223372036854775807"]) assert.ok(validateConfigValue("integer", undefined, ok), ok);
        for (const bad of ["2.0", " 2", "1e3", "0x10", "", "9223372036854775808", "two"])
            assert.ok(!validateConfigValue("integer", undefined, bad), bad);
        for (const ok of ["true", "false", true]) assert.ok(validateConfigValue("boolean", undefined, ok), String(ok));
        for (const bad of ["True", "yes", "1", ""]) assert.ok(!validateConfigValue("boolean", undefined, bad), bad);
        const strings = { type: "string" };
        assert.ok(validateConfigValue("array", strings, ["a", "b"]));
        assert.ok(!validateConfigValue("array", strings, ["a", 1]));
        assert.ok(!validateConfigValue("array", strings, "a"));
        assert.ok(!validateConfigValue("array", undefined, ["a"]));
    });

    it("decrypts secure values with the stack's passphrase and reports their keys as secret", () => {
        const { config, secretKeys } = cliHandsOver(withProjectKeys({ dbPassword: secure("s3cret pw") }));
        assert.equal(config["fastapi-eks:dbPassword"], "s3cret pw");
        assert.deepEqual(secretKeys, ["fastapi-eks:dbPassword"]);
    });

    it("opens the CLI's own passphrase state, and refuses a wrong passphrase", () => {
        // pulumi/pulumi pkg/secrets/passphrase/manager_test.go: this state was written by the CLI with the passphrase "password".
        const state = "v1:fozI5u6B030=:v1:F+6ZduKKd8G0/V7L:PGMFeIzwobWRKmEAzUdaQHqC5mMRIQ==";
        assert.equal(passphraseCrypter("password", state).state, state);
        assert.throws(() => passphraseCrypter("password123", state), /incorrect passphrase/);
        const mine = newPassphraseCrypter("pw", Buffer.from("salty"));
        assert.equal(passphraseCrypter("pw", mine.state).decrypt(mine.encrypt("hello")), "hello");
    });

    it("refuses a declared secret stored in plain text", () => {
        const project: Project = { name: "p", config: { token: { type: "string", secret: true } } };
        assert.equal(
            cliError(() => cliConfig("dev", project, { config: { "p:token": "abc" } }, plain)),
            "validating stack config: Stack 'dev' with configuration key 'token' must be encrypted as it's secret",
        );
    });

    it("refuses a Pulumi.yaml whose default does not fit its type, or whose array has no items", () => {
        const wrongDefault = projectFile("name: p\nruntime: nodejs\nconfig:\n  version:\n    type: string\n    default: 1.35\n");
        assert.match(
            cliError(() => loadProject(wrongDefault)),
            /The default value specified for configuration key 'version' is not of the expected type 'string'$/,
        );
        const noItems = projectFile("name: p\nruntime: nodejs\nconfig:\n  zones:\n    type: array\n    default: []\n");
        assert.match(
            cliError(() => loadProject(noItems)),
            /declares an array but does not specify the underlying type/,
        );
    });

    it("loads this project's Pulumi.yaml", () => {
        assert.equal(loadProject(path.join(ROOT, "Pulumi.yaml")).name, "fastapi-eks");
    });
});
