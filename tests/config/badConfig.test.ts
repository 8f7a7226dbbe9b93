/** Bad stack config, through the CLI's config step and the whole program: the exact error, and nothing registered. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../../config";
import { CliError } from "../../tools/offline/cliConfig";
import { BAD_CONFIGS, withProjectKeys } from "./badConfigs";
import { MOCK_STACK, registrations } from "../harness";
import { ROOT, asStack, runProgram } from "../program";

/** The error that stops the run, by whom: the CLI (before the program starts) or the program. */
async function refusal(settings: Record<string, unknown>): Promise<CliError | ConfigError> {
    try {
        await runProgram(settings);
    } catch (e) {
        if (e instanceof ConfigError || e instanceof CliError) return e;
        throw e;
    }
    assert.fail("the program ran without a config error");
}

const withKeys = (set: Record<string, unknown>) => ({ "aws:region": "us-east-1", ...withProjectKeys(set) });

describe("bad config, through the CLI and the program", () => {
    it(`covers at least 30 cases (${BAD_CONFIGS.length})`, () => {
        assert.ok(BAD_CONFIGS.length >= 30);
    });

    for (const c of BAD_CONFIGS) {
        it(`rejects ${c.what} (${c.by === "cli" ? "the CLI" : "the program"})`, async () => {
            const e = await asStack(c.stack ?? MOCK_STACK, () => refusal(withKeys(c.set)));
            if (c.by === "cli") {
                assert.ok(e instanceof CliError, `the CLI stops it, not the program: ${e.message}`);
                assert.equal(e.message, c.message);
            } else {
                assert.ok(e instanceof ConfigError, `the program stops it: ${e.message}`);
                assert.deepEqual(e.problems, [c.message]);
            }
            assert.equal(registrations().length, 0, "nothing is registered");
        });
    }

    it("the program reports every problem at once, in one error", async () => {
        const e = await refusal(withKeys({ appReplicas: -1, dbStorageSize: "big", albScheme: "public" }));
        assert.ok(e instanceof ConfigError);
        assert.equal(e.problems.length, 3);
        assert.match(e.message, /^Invalid stack configuration \(3 problems\):\n {2}- fastapi-eks:appReplicas/);
        assert.ok(e.message.includes("fastapi-eks:dbStorageSize") && e.message.includes("fastapi-eks:albScheme"));
        assert.equal(registrations().length, 0);
    });

    it("the CLI stops at its first bad key, in name order, and the program never runs", async () => {
        const e = await refusal(withKeys({ protectData: "maybe", appReplicas: "two", dbStorageSize: "big" }));
        assert.ok(e instanceof CliError);
        assert.equal(e.message, "validating stack config: Stack 'test' with configuration key 'appReplicas' must be of type 'integer'");
        assert.equal(registrations().length, 0);
    });

    it("no fix names a command the CLI lacks", () => {
        // `pulumi config` has get, rm, rm-all, set, set-all, refresh, cp and env (pulumi/pulumi pkg/cmd/pulumi/config).
        const commands = ["get", "rm", "rm-all", "set", "set-all", "refresh", "cp", "env"];
        for (const c of BAD_CONFIGS) {
            for (const m of c.message.matchAll(/pulumi config ([a-z-]+)/g))
                assert.ok(commands.includes(m[1]), `${c.what}: pulumi config ${m[1]}`);
        }
    });

    it("the key reference (docs/configuration.md) lists every rejected input with who rejects it and its message", () => {
        const reference = fs.readFileSync(path.join(ROOT, "docs", "configuration.md"), "utf8");
        for (const c of BAD_CONFIGS) {
            const row = reference.split("\n").find((line) => line.includes(c.message.replace(/\|/g, "\\|")));
            assert.ok(row, `docs/configuration.md lists: ${c.message}`);
            assert.ok(
                row.includes(c.by === "cli" ? "| the CLI |" : "| the program |"),
                `docs/configuration.md says who rejects: ${c.what}`,
            );
        }
    });
});
